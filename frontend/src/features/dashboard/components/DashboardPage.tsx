import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { EmptyState, ErrorMessage, Loading } from "@/components/ui/Feedback";
import { SelectField } from "@/components/ui/Field";
import { Badge, Card, PageHeader } from "@/components/ui/Page";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatDateTime, formatNumber } from "@/lib/i18n";
import { canInWorkspace } from "@/lib/permissions";

import { useHasMentions, useMentionStats, useOpenAlerts, useWorkspace } from "../api";
import { negativeShare, periodById, periodRange, PERIODS, type MentionStats } from "../transforms";
import { SentimentChart, ShareOfVoiceChart, TopAuthors, TopSourcesChart, VolumeChart } from "./Charts";

function OpenAlerts({ workspaceId, timeZone }: { workspaceId: string; timeZone?: string }) {
  const { t } = useTranslation("dashboard");
  const alerts = useOpenAlerts(workspaceId, true);
  return (
    <section className="card" aria-labelledby="open-alerts-title">
      <div className="card-header">
        <h2 id="open-alerts-title">{t("alerts.title")}</h2>
        <Link to={`/workspaces/${workspaceId}/alerts`}>{t("alerts.all")}</Link>
      </div>
      {alerts.isPending ? (
        <Loading />
      ) : alerts.error ? (
        <ErrorMessage error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.items.length ? (
        <ul className="alert-list">
          {alerts.data.items.map((a) => (
            <li key={a.id}>
              <Link to={`/workspaces/${workspaceId}/alerts/${a.id}`}>{a.title}</Link>
              <div className="row muted">
                <Badge tone={a.kind === "negative_spike" ? "negative" : "warning"}>{t(`alerts.kind.${a.kind}`, { defaultValue: a.kind })}</Badge>
                <span>{t("alerts.occurrences", { count: a.occurrences })}</span>
                <span>{t("alerts.last", { date: formatDateTime(a.last_triggered_at, timeZone) })}</span>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("alerts.none")}</p>
      )}
    </section>
  );
}

function Kpis({ stats, openAlerts }: { stats: MentionStats; openAlerts?: string }) {
  const { t, i18n } = useTranslation("dashboard");
  const pct = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title" className="visually-hidden">
        {t("kpi.heading")}
      </h2>
      <dl className="kpis">
        <div className="kpi card">
          <dt>{t("kpi.total")}</dt>
          <dd>{formatNumber(stats.total)}</dd>
        </div>
        <div className="kpi card">
          <dt>{t("kpi.negative")}</dt>
          <dd className="kpi-negative">{pct.format(negativeShare(stats))}</dd>
        </div>
        {openAlerts !== undefined && (
          <div className="kpi card">
            <dt>{t("kpi.openAlerts")}</dt>
            <dd>{openAlerts}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function NoMentions({ workspaceId, everHad, canWriteWatches, canReadWatches }: { workspaceId: string; everHad: boolean; canWriteWatches: boolean; canReadWatches: boolean }) {
  const { t } = useTranslation("dashboard");
  const action = canWriteWatches ? (
    <Link className="btn btn-primary" to={`/workspaces/${workspaceId}/watches/new`}>
      {t("empty.createWatch")}
    </Link>
  ) : canReadWatches ? (
    <Link to={`/workspaces/${workspaceId}/watches`}>{t("empty.watches")}</Link>
  ) : undefined;
  return everHad ? (
    <EmptyState title={t("empty.periodTitle")}>
      <p>{t("empty.periodBody")}</p>
    </EmptyState>
  ) : (
    <EmptyState title={t("empty.title")} action={action}>
      <p>{t("empty.body")}</p>
    </EmptyState>
  );
}

/** The workspace at a glance: what is said about the brand, how, where, by whom; open alerts. */
export function DashboardPage() {
  const { t } = useTranslation("dashboard");
  const { workspaceId = "" } = useParams();
  const { me } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const can = (p: Parameters<typeof canInWorkspace>[2]) => canInWorkspace(me, workspaceId, p);
  const canMentions = can("mentions:read");
  const canAlerts = can("alerts:read");

  const period = periodById(searchParams.get("period"));
  // Computed once per period choice, so the query key stays put between renders.
  const range = useMemo(() => periodRange(period, new Date()), [period]);
  const workspace = useWorkspace(workspaceId);
  const stats = useMentionStats(workspaceId, range, canMentions);
  const anyMention = useHasMentions(workspaceId, canMentions && stats.data?.total === 0);
  const alerts = useOpenAlerts(workspaceId, canAlerts);
  const ws = workspace.data;
  const openAlertCount =
    canAlerts && alerts.data ? `${formatNumber(alerts.data.items.length)}${alerts.data.next_cursor ? "+" : ""}` : undefined;
  const name = ws?.name ?? me?.workspaces.find((w) => w.id === workspaceId)?.name ?? t("title");

  const periodPicker = canMentions ? (
    <SelectField
      label={t("period.label")}
      value={period.id}
      onChange={(e) => setSearchParams(e.target.value === "30" ? {} : { period: e.target.value })}
      options={PERIODS.map((p) => ({ value: p.id, label: t(`period.${p.id}`) }))}
    />
  ) : undefined;

  return (
    <div className="dashboard stack">
      <PageHeader title={name} subtitle={ws ? t("brand", { brand: ws.brand_name }) : undefined} actions={periodPicker} />
      <ErrorMessage error={workspace.error} onRetry={() => void workspace.refetch()} />

      {!canMentions ? (
        ws && (
          <Card title={t("client.welcome", { name: ws.name })}>
            <p>{t("client.body", { brand: ws.brand_name })}</p>
          </Card>
        )
      ) : stats.isPending ? (
        <Loading />
      ) : stats.error ? (
        <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <p className="visually-hidden" aria-live="polite">
            {stats.isFetching ? t("updating") : ""}
          </p>
          <Kpis stats={stats.data} openAlerts={openAlertCount} />
          {canAlerts && <OpenAlerts workspaceId={workspaceId} timeZone={ws?.timezone} />}
          {stats.data.total === 0 ? (
            anyMention.isPending ? (
              <Loading />
            ) : (
              <NoMentions
                workspaceId={workspaceId}
                everHad={!!anyMention.data}
                canWriteWatches={can("watches:write")}
                canReadWatches={can("watches:read")}
              />
            )
          ) : (
            <div className={`dashboard-grid${stats.isPlaceholderData ? " is-stale" : ""}`}>
              <VolumeChart stats={stats.data} />
              <SentimentChart stats={stats.data} />
              <ShareOfVoiceChart stats={stats.data} workspaceId={workspaceId} canAddWatch={can("watches:write")} />
              <TopSourcesChart stats={stats.data} />
              <TopAuthors stats={stats.data} />
            </div>
          )}
          <p>
            <Link to={`/workspaces/${workspaceId}/mentions`}>{t("links.inbox")}</Link>
          </p>
        </>
      )}
      {canAlerts && !canMentions && <OpenAlerts workspaceId={workspaceId} timeZone={ws?.timezone} />}
    </div>
  );
}
