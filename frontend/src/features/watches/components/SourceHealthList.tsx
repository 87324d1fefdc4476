import { useTranslation } from "react-i18next";

import { Badge } from "@/components/ui/Page";
import { formatDateTime, formatNumber } from "@/lib/i18n";

import { sourceDetail, type SourceHealth } from "../sources";

const TONES: Record<SourceHealth["status"], string> = {
  ok: "positive",
  pending: "info",
  failing: "negative",
  needs_attention: "warning",
};

/** The label of a source: its network, and the feed, instance or engine it reads. */
export function SourceLabel({ source, options }: { source: string; options: Record<string, unknown> }) {
  const { t } = useTranslation("watches");
  const engine = typeof options.engine === "string" ? options.engine : "";
  const detail = sourceDetail(options);
  return (
    <span className="source-label">
      <strong>{t(`sourceNames.${source}`, { defaultValue: source })}</strong>
      {engine && <span className="muted"> · {t(`engines.${engine}`, { defaultValue: engine })}</span>}
      {detail && <span className="muted source-detail"> · {detail}</span>}
    </span>
  );
}

/** Each source of a watch with its health: status, last success, last error, next run. */
export function SourceHealthList({ sources, detailed = false }: { sources: SourceHealth[]; detailed?: boolean }) {
  const { t } = useTranslation("watches");
  if (!sources.length) return <p className="muted">{t("health.none")}</p>;
  return (
    <ul className="source-health">
      {sources.map((s) => (
        <li key={s.id}>
          <div className="row source-health-head">
            <SourceLabel source={s.source} options={s.options} />
            <Badge tone={TONES[s.status]}>{t(`health.status.${s.status}`)}</Badge>
          </div>
          <dl className="source-health-facts">
            <div>
              <dt>{t("health.lastSuccess")}</dt>
              <dd>{s.last_success_at ? formatDateTime(s.last_success_at) : t("health.never")}</dd>
            </div>
            {s.last_error_kind && (
              <div>
                <dt>{t("health.lastError")}</dt>
                <dd>
                  {t(`health.errorKinds.${s.last_error_kind}`, { defaultValue: s.last_error_kind })}
                  {s.last_error_at && <span className="muted"> · {formatDateTime(s.last_error_at)}</span>}
                  {detailed && s.last_error && <span className="source-error-text"> — {s.last_error}</span>}
                </dd>
              </div>
            )}
            <div>
              <dt>{t("health.nextRun")}</dt>
              <dd>{s.next_run_at ? formatDateTime(s.next_run_at) : t("health.notScheduled")}</dd>
            </div>
            {detailed && (
              <div>
                <dt>{t("health.itemsTotal")}</dt>
                <dd>{formatNumber(s.items_total)}</dd>
              </div>
            )}
          </dl>
          {s.status === "needs_attention" && <p className="field-hint">{t("health.needsAttentionHint")}</p>}
        </li>
      ))}
    </ul>
  );
}
