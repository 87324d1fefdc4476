import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { EmptyState, ErrorMessage, Loading, Notice } from "@/components/ui/Feedback";
import { Badge, Card, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime, formatNumber } from "@/lib/i18n";
import { canInWorkspace } from "@/lib/permissions";

import { useAcknowledge, useAlert, useMemberNames, useRules, useWatchNames } from "../api";
import { factEntries } from "../facts";

import { KindBadge, RuleSummary, StatusBadge } from "./shared";

const SENTIMENT_TONES: Record<string, string> = { negative: "negative", positive: "positive", neutral: "neutral" };

/** An excerpt that only repeats the title (common in feeds) is not shown twice. */
function sameText(title: string, text: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  return norm(text).startsWith(norm(title)) && norm(text).length <= norm(title).length + 3;
}

/** /workspaces/:workspaceId/alerts/:alertId — the link in alert emails. */
export function AlertDetailPage() {
  const { workspaceId = "", alertId = "" } = useParams();
  const { t, i18n } = useTranslation("alerts");
  const { me } = useAuth();
  const percent = (value: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 }).format(value / 100);
  const canWrite = canInWorkspace(me, workspaceId, "alerts:write");
  const alert = useAlert(workspaceId, alertId);
  const acknowledge = useAcknowledge(workspaceId);
  const rules = useRules(workspaceId);
  const watches = useWatchNames(workspaceId, canInWorkspace(me, workspaceId, "watches:read"));
  const members = useMemberNames(workspaceId, canInWorkspace(me, workspaceId, "members:read"));
  const back = (
    <Link className="btn btn-ghost" to={`/workspaces/${workspaceId}/alerts`}>
      {t("detail.back")}
    </Link>
  );

  if (alert.isPending) return <Loading />;
  if (alert.error) {
    return (
      <>
        <PageHeader title={t("detail.title")} actions={back} />
        <ErrorMessage error={alert.error} onRetry={() => void alert.refetch()} />
      </>
    );
  }
  const a = alert.data;
  const rule = rules.items.find((r) => r.id === a.rule_id);
  const watchName = rule?.watch_id ? watches.data?.find((w) => w.id === rule.watch_id)?.name : undefined;
  const facts = factEntries(a.kind, a.details);
  const ackBy = a.acknowledged_by
    ? a.acknowledged_by === me?.user.id
      ? t("detail.you")
      : members.data?.get(a.acknowledged_by) ?? t("detail.someone")
    : undefined;

  return (
    <>
      <PageHeader
        title={a.title}
        subtitle={
          <span className="row">
            <KindBadge kind={a.kind} />
            <StatusBadge status={a.status} />
          </span>
        }
        actions={
          <>
            {canWrite && a.status === "open" && (
              <Button variant="primary" busy={acknowledge.isPending} onClick={() => acknowledge.mutate(a.id)}>
                {t("acknowledge")}
              </Button>
            )}
            {back}
          </>
        }
      />
      <div className="stack" aria-live="polite">
        <ErrorMessage error={acknowledge.error} />
        {a.status === "acknowledged" && (
          <Notice tone="success">
            {t("detail.acknowledgedBy", { who: ackBy ?? t("detail.someone"), date: a.acknowledged_at ? formatDateTime(a.acknowledged_at) : "" })}
          </Notice>
        )}
      </div>
      <Card title={t("detail.what")}>
        <p>{t(`explanations.${a.kind}`)}</p>
        <dl className="alert-facts">
          <div>
            <dt>{t("detail.firstTriggered")}</dt>
            <dd>{formatDateTime(a.first_triggered_at)}</dd>
          </div>
          <div>
            <dt>{t("detail.lastTriggered")}</dt>
            <dd>{formatDateTime(a.last_triggered_at)}</dd>
          </div>
          <div>
            <dt>{t("detail.occurrences")}</dt>
            <dd>{formatNumber(a.occurrences)}</dd>
          </div>
          {facts.map((f) => (
            <div key={f.key}>
              <dt>{t(`facts.${f.key}`)}</dt>
              <dd>{f.kind === "list" ? f.value.join(", ") : f.kind === "percent" ? percent(f.value) : formatNumber(f.value)}</dd>
            </div>
          ))}
          <div>
            <dt>{t("detail.rule")}</dt>
            <dd>
              {rule ? (
                <>
                  {rule.name} — <RuleSummary kind={rule.kind} params={rule.params} />
                  {rule.watch_id && watchName && <> · {t("detail.onWatch", { name: watchName })}</>}
                </>
              ) : a.rule_id ? (
                "…"
              ) : (
                t("list.deletedRule")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("detail.notified")}</dt>
            <dd>
              {a.notified_at ? formatDateTime(a.notified_at) : t("detail.notNotified")}
              {a.slack_delivery && <> · {t(`detail.slack.${a.slack_delivery}`)}</>}
            </dd>
          </div>
        </dl>
      </Card>
      <Card title={t("detail.evidence", { count: a.evidence.length })}>
        {a.evidence.length === 0 ? (
          <EmptyState title={t("detail.noEvidence")} />
        ) : (
          <ul className="evidence-list">
            {a.evidence.map((m) => (
              <li key={m.id}>
                <a href={m.url} target="_blank" rel="noopener noreferrer" className="evidence-title">
                  {m.title || m.excerpt.slice(0, 90) || m.url}
                </a>
                <p className="row evidence-meta">
                  <span className="muted">{formatDateTime(m.published_at)}</span>
                  {m.author && <span>{m.author}</span>}
                  {m.reach > 0 && <span className="muted">{t("detail.reach", { value: formatNumber(m.reach) })}</span>}
                  <Badge tone={SENTIMENT_TONES[m.sentiment] ?? "neutral"}>{t(`sentiment.${m.sentiment}`, { defaultValue: m.sentiment })}</Badge>
                </p>
                {m.excerpt && !(m.title && sameText(m.title, m.excerpt)) && <p className="evidence-excerpt">{m.excerpt}</p>}
              </li>
            ))}
          </ul>
        )}
        {a.evidence_count > a.evidence.length && <p className="muted">{t("detail.moreEvidence", { count: a.evidence_count })}</p>}
        {canInWorkspace(me, workspaceId, "mentions:read") && (
          <p>
            <Link to={`/workspaces/${workspaceId}/mentions`}>{t("detail.toInbox")}</Link>
          </p>
        )}
      </Card>
    </>
  );
}
