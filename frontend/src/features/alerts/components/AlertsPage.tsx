import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ConfirmActions, Dialog } from "@/components/ui/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { SelectField } from "@/components/ui/Field";
import { InfiniteScroll } from "@/components/ui/InfiniteScroll";
import { Card, PageHeader } from "@/components/ui/Page";
import { alertKindValues } from "@/lib/api/schema";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime, formatNumber } from "@/lib/i18n";
import { canInWorkspace } from "@/lib/permissions";

import { useAcknowledge, useAlerts, useDeleteRule, useRules, useUpdateRule, useWatchNames, type AlertStatus } from "../api";
import type { AlertKind, AlertRuleRead } from "../rules";

import { AlertRuleForm } from "./AlertRuleForm";
import { KindBadge, RuleSummary, StatusBadge } from "./shared";

const TABS = ["alerts", "rules"] as const;
type Tab = (typeof TABS)[number];
const STATUS_FILTERS = ["open", "acknowledged", "all"] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

/** /workspaces/:workspaceId/alerts — the alerts (open first) and the rules that raise them. */
export function AlertsPage() {
  const { workspaceId = "" } = useParams();
  const { t } = useTranslation("alerts");
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get("tab") === "rules" ? "rules" : "alerts";
  const baseId = useId();
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ alerts: null, rules: null });

  const select = (next: Tab, focus = false) => {
    setParams((p) => {
      const copy = new URLSearchParams(p);
      if (next === "rules") copy.set("tab", "rules");
      else copy.delete("tab");
      return copy;
    }, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  };
  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
    const delta = moves[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    select(TABS[(index + delta + TABS.length) % TABS.length], true);
  };

  return (
    <>
      <PageHeader title={t("page.title")} subtitle={t("page.subtitle")} />
      <div role="tablist" aria-label={t("page.sections")} className="tabs" onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`${baseId}-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={`tab${tab === name ? " tab-selected" : ""}`}
            onClick={() => select(name)}
          >
            {t(`page.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${tab}`} aria-labelledby={`${baseId}-tab-${tab}`} className="tab-panel">
        {tab === "alerts" ? <AlertList workspaceId={workspaceId} /> : <RuleList workspaceId={workspaceId} />}
      </div>
    </>
  );
}

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

function useWatchLabel(workspaceId: string) {
  const { me } = useAuth();
  const { t } = useTranslation("alerts");
  const watches = useWatchNames(workspaceId, canInWorkspace(me, workspaceId, "watches:read"));
  const names = new Map((watches.data ?? []).map((w) => [w.id, w.name]));
  return (watchId: string | null | undefined) => (watchId ? names.get(watchId) ?? t("list.deletedWatch") : t("list.allWatches"));
}

function AlertList({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation("alerts");
  const { me } = useAuth();
  const canWrite = canInWorkspace(me, workspaceId, "alerts:write");
  const [params, setParams] = useSearchParams();
  const statusParam = params.get("status");
  const status: StatusFilter = STATUS_FILTERS.includes(statusParam as StatusFilter) ? (statusParam as StatusFilter) : "open";
  const kindParam = params.get("kind");
  const kind = alertKindValues.includes(kindParam as AlertKind) ? (kindParam as AlertKind) : undefined;
  const alerts = useAlerts(workspaceId, status === "all" ? undefined : (status as AlertStatus), kind);
  const rules = useRules(workspaceId);
  const acknowledge = useAcknowledge(workspaceId);
  const watchLabel = useWatchLabel(workspaceId);
  const ruleWatch = new Map(rules.items.map((r) => [r.id, r.watch_id]));
  // Open alerts first (stable: newest first within each status, as the API sends them).
  const items = status === "all" ? [...alerts.items].sort((a, b) => Number(b.status === "open") - Number(a.status === "open")) : alerts.items;
  const setFilter = (key: string, value: string, fallback: string) =>
    setParams((p) => {
      const copy = new URLSearchParams(p);
      if (value === fallback) copy.delete(key);
      else copy.set(key, value);
      return copy;
    }, { replace: true });

  return (
    <div className="stack">
      <div className="row filters">
        <SelectField
          label={t("list.show")}
          value={status}
          onChange={(e) => setFilter("status", e.target.value, "open")}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`list.filters.${s}`) }))}
        />
        <SelectField
          label={t("list.kind")}
          value={kind ?? ""}
          onChange={(e) => setFilter("kind", e.target.value, "")}
          options={[{ value: "", label: t("list.allKinds") }, ...alertKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))]}
        />
      </div>
      <ErrorMessage error={acknowledge.error} />
      {alerts.isPending ? (
        <Loading />
      ) : alerts.error ? (
        <ErrorMessage error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={status === "open" ? t("list.emptyOpen") : t("list.empty")}>
          <p>{t("list.emptyBody")}</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="alert-table">
              <caption className="visually-hidden">{t("page.tabs.alerts")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("list.alert")}</th>
                  <th scope="col">{t("list.kind")}</th>
                  <th scope="col">{t("list.watch")}</th>
                  <th scope="col">{t("list.when")}</th>
                  <th scope="col">{t("list.mentions")}</th>
                  <th scope="col">{t("list.status")}</th>
                  {canWrite && <th scope="col"><span className="visually-hidden">{t("list.actions")}</span></th>}
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} className={a.status === "open" ? "alert-open" : undefined}>
                    <td>
                      <Link to={`/workspaces/${workspaceId}/alerts/${a.id}`}>{a.title}</Link>
                    </td>
                    <td>
                      <KindBadge kind={a.kind} />
                    </td>
                    <td>{a.rule_id ? watchLabel(ruleWatch.get(a.rule_id)) : <span className="muted">{t("list.deletedRule")}</span>}</td>
                    <td>
                      <time dateTime={a.last_triggered_at}>{formatDateTime(a.last_triggered_at)}</time>
                      {a.first_triggered_at !== a.last_triggered_at && (
                        <div className="muted small">{t("list.since", { date: formatDateTime(a.first_triggered_at) })}</div>
                      )}
                    </td>
                    <td>
                      {formatNumber(a.occurrences)}
                      <div className="muted small">{t("list.evidence", { count: a.evidence_count })}</div>
                    </td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    {canWrite && (
                      <td>
                        {a.status === "open" && (
                          <Button
                            className="btn-small"
                            busy={acknowledge.isPending && acknowledge.variables === a.id}
                            onClick={() => acknowledge.mutate(a.id)}
                            aria-label={t("list.acknowledgeNamed", { title: a.title })}
                          >
                            {t("acknowledge")}
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {alerts.hasNextPage && (
            <InfiniteScroll hasMore loading={alerts.isFetchingNextPage} onLoadMore={() => void alerts.fetchNextPage()} />
          )}
        </>
      )}
    </div>
  );
}

function RuleList({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation("alerts");
  const { me } = useAuth();
  const canWrite = canInWorkspace(me, workspaceId, "alerts:write");
  const rules = useRules(workspaceId);
  const toggle = useUpdateRule(workspaceId);
  const remove = useDeleteRule(workspaceId);
  const watchLabel = useWatchLabel(workspaceId);
  const [editing, setEditing] = useState<AlertRuleRead | "new" | null>(null);
  const [toDelete, setToDelete] = useState<AlertRuleRead | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const editorRef = useRef<HTMLDivElement>(null);

  const open = (value: AlertRuleRead | "new") => {
    setMessage(null);
    setEditing(value);
    window.setTimeout(() => editorRef.current?.querySelector<HTMLElement>("[tabindex='-1']")?.focus(), 0);
  };

  return (
    <div className="stack">
      {message && <Notice tone="success">{message}</Notice>}
      {canWrite && !editing && (
        <div className="row">
          <Button variant="primary" onClick={() => open("new")}>
            {t("rules.new")}
          </Button>
        </div>
      )}
      {editing && (
        <div ref={editorRef}>
          <Card title={<span tabIndex={-1}>{editing === "new" ? t("rules.newTitle") : t("rules.editTitle", { name: editing.name })}</span>}>
            <AlertRuleForm
              key={editing === "new" ? "new" : editing.id}
              workspaceId={workspaceId}
              rule={editing === "new" ? undefined : editing}
              onSaved={(rule) => {
                setEditing(null);
                setMessage(t(editing === "new" ? "rules.created" : "rules.saved", { name: rule.name }));
              }}
              onCancel={() => setEditing(null)}
            />
          </Card>
        </div>
      )}
      <ErrorMessage error={toggle.error} />
      {rules.isPending ? (
        <Loading />
      ) : rules.error ? (
        <ErrorMessage error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.items.length === 0 ? (
        <EmptyState
          title={t("rules.emptyTitle")}
          action={canWrite && !editing ? <Button onClick={() => open("new")}>{t("rules.createFirst")}</Button> : undefined}
        >
          <p>{t("rules.emptyBody")}</p>
        </EmptyState>
      ) : (
        <ul className="rule-list">
          {rules.items.map((rule) => (
            <li key={rule.id}>
              <article className="card rule-card" aria-labelledby={`rule-${rule.id}`}>
              <div className="watch-card-head">
                <h2 id={`rule-${rule.id}`}>{rule.name}</h2>
                <div className="row">
                  <KindBadge kind={rule.kind} />
                  <span className={`badge badge-${rule.enabled ? "positive" : "neutral"}`}>{rule.enabled ? t("rules.enabled") : t("rules.disabled")}</span>
                </div>
              </div>
              <p>
                <RuleSummary kind={rule.kind} params={rule.params} />
              </p>
              <dl className="rule-facts">
                <div>
                  <dt>{t("list.watch")}</dt>
                  <dd>{watchLabel(rule.watch_id)}</dd>
                </div>
                <div>
                  <dt>{t("rules.channels")}</dt>
                  <dd>
                    {capitalize(
                      [
                        rule.notify_emails.length ? t("rules.emails", { list: rule.notify_emails.join(", ") }) : null,
                        rule.slack_webhook_set ? t("rules.slack") : null,
                        rule.notify_webhooks ? t("rules.webhooks") : null,
                      ]
                        .filter(Boolean)
                        .join(" · ") || t("rules.noChannel"),
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t("rules.throttle")}</dt>
                  <dd>{t("rules.cooldown", { count: rule.cooldown_minutes })}</dd>
                </div>
              </dl>
              {canWrite && (
                <div className="row">
                  <Button className="btn-small" onClick={() => open(rule)} aria-label={t("rules.editNamed", { name: rule.name })}>
                    {t("rules.edit")}
                  </Button>
                  <Button
                    className="btn-small"
                    busy={toggle.isPending && toggle.variables?.ruleId === rule.id}
                    onClick={() => toggle.mutate({ ruleId: rule.id, body: { enabled: !rule.enabled } })}
                    aria-label={t(rule.enabled ? "rules.disableNamed" : "rules.enableNamed", { name: rule.name })}
                  >
                    {rule.enabled ? t("rules.disable") : t("rules.enable")}
                  </Button>
                  <Button
                    className="btn-small"
                    variant="danger"
                    onClick={() => {
                      remove.reset();
                      setToDelete(rule);
                    }}
                    aria-label={t("rules.deleteNamed", { name: rule.name })}
                  >
                    {t("rules.delete")}
                  </Button>
                </div>
              )}
              </article>
            </li>
          ))}
        </ul>
      )}
      {rules.hasNextPage && <InfiniteScroll hasMore loading={rules.isFetchingNextPage} onLoadMore={() => void rules.fetchNextPage()} />}
      <Dialog open={!!toDelete} title={t("rules.deleteTitle")} onClose={() => setToDelete(null)}>
        <ConfirmActions
          body={t("rules.deleteBody", { name: toDelete?.name ?? "" })}
          error={remove.error}
          confirmLabel={t("rules.confirmDelete")}
          cancelLabel={t("rules.cancel")}
          busy={remove.isPending}
          onConfirm={() =>
            toDelete &&
            remove.mutate(toDelete.id, {
              onSuccess: () => {
                setMessage(t("rules.deleted", { name: toDelete.name }));
                if (editing !== "new" && editing?.id === toDelete.id) setEditing(null);
                setToDelete(null);
              },
            })
          }
          onCancel={() => setToDelete(null)}
        />
      </Dialog>
    </div>
  );
}
