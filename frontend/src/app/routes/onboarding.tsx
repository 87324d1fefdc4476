/**
 * The client workspace onboarding wizard: profile → first watches → first alert rules → done.
 * The step and the created workspace live in the URL (?step=2&workspace=…), so reloading or
 * the browser's back button keeps the wizard where it was and never creates a second
 * workspace. Each step's heading takes focus, for keyboard and screen reader users.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Loading, Notice, Progress } from "@/components/ui/Feedback";
import { Card, PageHeader } from "@/components/ui/Page";
import { AlertRuleForm } from "@/features/alerts";
import { WatchForm } from "@/features/watches";
import { WorkspaceProfileForm, watchQueryFromProfile } from "@/features/workspaces";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Workspace = components["schemas"]["WorkspaceRead"];

const STEPS = ["profile", "watches", "alerts", "done"] as const;
type Step = (typeof STEPS)[number];

const onboardingKeys = {
  watches: (ws: string) => ["onboarding", ws, "watches"] as const,
  rules: (ws: string) => ["onboarding", ws, "alert-rules"] as const,
};

export function OnboardingRoute() {
  const { organizationId = "" } = useParams();
  const { t } = useTranslation("onboarding");
  const { t: tc } = useTranslation();
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const workspaceId = params.get("workspace") ?? "";
  const requested = Math.min(Math.max(Number(params.get("step")) || 1, 1), STEPS.length);
  // Without a workspace, only the first step makes sense.
  const index = workspaceId ? requested - 1 : 0;
  const step: Step = STEPS[index];

  const workspace = useQuery({
    queryKey: ["workspace", workspaceId],
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{workspace_id}", { params: { path: { workspace_id: workspaceId } } })),
    enabled: !!workspaceId,
  });
  const watches = useQuery({
    queryKey: onboardingKeys.watches(workspaceId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{workspace_id}/watches", { params: { path: { workspace_id: workspaceId }, query: { limit: 100 } } })),
    select: (page) => page.items,
    enabled: !!workspaceId && index >= 1,
  });
  const rules = useQuery({
    queryKey: onboardingKeys.rules(workspaceId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{workspace_id}/alert-rules", { params: { path: { workspace_id: workspaceId }, query: { limit: 100 } } }),
      ),
    select: (page) => page.items,
    enabled: !!workspaceId && index >= 2,
  });

  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // The page heading has focus on arrival; afterwards each step's heading takes it.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [index]);

  const goTo = (next: number, ws: string = workspaceId) => {
    const search = new URLSearchParams();
    if (ws) search.set("workspace", ws);
    search.set("step", String(next + 1));
    setParams(search);
  };

  const [watchFormOpen, setWatchFormOpen] = useState(true);
  const [watchFormKey, setWatchFormKey] = useState(0);
  const [ruleFormOpen, setRuleFormOpen] = useState(true);
  const [ruleFormKey, setRuleFormKey] = useState(0);
  const [announce, setAnnounce] = useState("");

  const ws: Workspace | undefined = workspace.data;
  const stepTitle = t(`steps.${step}.title`);
  const watchList = watches.data ?? [];
  const ruleList = rules.data ?? [];
  const firstWatch = watchList.length === 0;

  let body;
  if (workspaceId && workspace.isPending) {
    body = <Loading />;
  } else if (workspaceId && workspace.isError) {
    body = <ErrorMessage error={workspace.error} onRetry={() => void workspace.refetch()} />;
  } else if (step === "profile") {
    body = (
      <WorkspaceProfileForm
        key={ws?.id ?? "new"}
        organizationId={organizationId}
        workspace={ws}
        submitLabel={ws ? t("profile.saveAndContinue") : t("profile.createAndContinue")}
        onSaved={(saved) => {
          client.setQueryData(["workspace", saved.id], saved);
          goTo(1, saved.id);
        }}
      />
    );
  } else if (step === "watches" && ws) {
    body = (
      <div className="stack">
        <p>{t("steps.watches.intro")}</p>
        {watchList.length > 0 && (
          <section aria-labelledby="onboarding-watches-created">
            <h3 id="onboarding-watches-created">{t("steps.watches.created", { count: watchList.length })}</h3>
            <ul className="onboarding-created">
              {watchList.map((w) => (
                <li key={w.id}>
                  <strong>{w.name}</strong> <code className="muted">{w.query}</code>
                </li>
              ))}
            </ul>
          </section>
        )}
        {watchFormOpen ? (
          <div className="onboarding-subform">
            <h3>{firstWatch ? t("steps.watches.first") : t("steps.watches.another")}</h3>
            <WatchForm
              key={watchFormKey}
              workspaceId={ws.id}
              compact
              initialName={firstWatch ? ws.brand_name || ws.name : undefined}
              initialQuery={firstWatch ? watchQueryFromProfile(ws.brand_name || ws.name, ws.keywords) : undefined}
              onSaved={(watch) => {
                setAnnounce(t("steps.watches.saved", { name: watch.name }));
                setWatchFormOpen(false);
                setWatchFormKey((k) => k + 1);
                void client.invalidateQueries({ queryKey: onboardingKeys.watches(ws.id) });
              }}
              onCancel={watchList.length > 0 ? () => setWatchFormOpen(false) : undefined}
            />
          </div>
        ) : (
          <div>
            <Button onClick={() => setWatchFormOpen(true)}>{t("steps.watches.add")}</Button>
          </div>
        )}
        {watches.isError && <ErrorMessage error={watches.error} onRetry={() => void watches.refetch()} />}
      </div>
    );
  } else if (step === "alerts" && ws) {
    body = (
      <div className="stack">
        <p>{t("steps.alerts.intro")}</p>
        {ruleList.length > 0 && (
          <section aria-labelledby="onboarding-rules-created">
            <h3 id="onboarding-rules-created">{t("steps.alerts.created", { count: ruleList.length })}</h3>
            <ul className="onboarding-created">
              {ruleList.map((r) => (
                <li key={r.id}>
                  <strong>{r.name}</strong>
                </li>
              ))}
            </ul>
          </section>
        )}
        {ruleFormOpen ? (
          <div className="onboarding-subform">
            <AlertRuleForm
              key={ruleFormKey}
              workspaceId={ws.id}
              compact
              onSaved={(rule) => {
                setAnnounce(t("steps.alerts.saved", { name: rule.name }));
                setRuleFormOpen(false);
                setRuleFormKey((k) => k + 1);
                void client.invalidateQueries({ queryKey: onboardingKeys.rules(ws.id) });
              }}
              onCancel={ruleList.length > 0 ? () => setRuleFormOpen(false) : undefined}
            />
          </div>
        ) : (
          <div>
            <Button onClick={() => setRuleFormOpen(true)}>{t("steps.alerts.add")}</Button>
          </div>
        )}
        {rules.isError && <ErrorMessage error={rules.error} onRetry={() => void rules.refetch()} />}
      </div>
    );
  } else if (step === "done" && ws) {
    body = (
      <div className="stack">
        <Notice tone="success">
          <p>{t("steps.done.intro", { name: ws.name })}</p>
        </Notice>
        <dl className="summary-list">
          <dt>{t("summary.brand")}</dt>
          <dd>{ws.brand_name || ws.name}</dd>
          <dt>{t("summary.keywords")}</dt>
          <dd>{ws.keywords.length ? ws.keywords.join(", ") : t("summary.none")}</dd>
          <dt>{t("summary.competitors")}</dt>
          <dd>{ws.competitors.length ? ws.competitors.join(", ") : t("summary.none")}</dd>
          <dt>{t("summary.timezone")}</dt>
          <dd>
            {ws.timezone} · {tc(`locale.${ws.locale}`, { defaultValue: ws.locale })}
          </dd>
          <dt>{t("summary.watches")}</dt>
          <dd>{watchList.length ? watchList.map((w) => w.name).join(", ") : t("summary.noWatch")}</dd>
          <dt>{t("summary.alertRules")}</dt>
          <dd>{ruleList.length ? ruleList.map((r) => r.name).join(", ") : t("summary.noRule")}</dd>
        </dl>
        {watchList.length > 0 && <p className="muted">{t("steps.done.mentionsSoon")}</p>}
        <div className="row">
          <Link className="btn btn-primary" to={`/workspaces/${ws.id}`}>
            {t("steps.done.dashboard")}
          </Link>
          <Link className="btn btn-secondary" to={`/workspaces/${ws.id}/mentions`}>
            {t("steps.done.inbox")}
          </Link>
        </div>
      </div>
    );
  }

  const nextLabel =
    step === "watches" ? (watchList.length ? tc("next") : t("skipStep")) : step === "alerts" ? (ruleList.length ? tc("next") : t("skipStep")) : tc("next");

  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <nav aria-label={t("progressLabel")} className="stepper-nav">
        <ol className="stepper">
          {STEPS.map((s, i) => (
            <li key={s} className={i === index ? "current" : i < index ? "done" : undefined} aria-current={i === index ? "step" : undefined}>
              <span className="stepper-number" aria-hidden="true">
                {i < index ? "✓" : i + 1}
              </span>
              <span>{t(`steps.${s}.short`)}</span>
              {i < index && <span className="visually-hidden"> ({t("completed")})</span>}
            </li>
          ))}
        </ol>
        <Progress label={t("stepOf", { current: index + 1, total: STEPS.length })} value={index + 1} max={STEPS.length} />
      </nav>
      <Card>
        <div className="stack">
          <h2 ref={heading} tabIndex={-1} className="step-heading">
            {stepTitle}
          </h2>
          <span className="visually-hidden" role="status" aria-live="polite">
            {announce}
          </span>
          {body}
          {ws && index > 0 && (
            <div className="row wizard-nav">
              <Button onClick={() => goTo(index - 1)}>{tc("back")}</Button>
              {index < STEPS.length - 1 && (
                <Button variant="primary" onClick={() => goTo(index + 1)}>
                  {nextLabel}
                </Button>
              )}
            </div>
          )}
        </div>
      </Card>
    </>
  );
}
