import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Notice, Progress } from "@/components/ui/Feedback";
import { Badge } from "@/components/ui/Page";
import { formatDateTime, formatNumber } from "@/lib/i18n";
import { ApiError } from "@/lib/problem";

import { usePreviewDraft, type PreviewRequest, type PreviewResponse } from "../api";
import { queryErrorFrom, type QueryError } from "../query";

import { SourceLabel } from "./SourceHealthList";

const SENTIMENT_TONES: Record<string, string> = { negative: "negative", positive: "positive", neutral: "neutral" };

function excerpt(text: string, max = 220): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A text that only repeats the title (common in feeds) is not shown twice. */
function sameText(title: string, text: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  return norm(text).startsWith(norm(title)) && norm(text).length <= norm(title).length + 3;
}

/**
 * Runs the form's query once against its sources (nothing stored), on demand: it reaches
 * external networks and can take several seconds. Query errors go back to the query field.
 */
export function PreviewPanel({
  workspaceId,
  request,
  blocked,
  onQueryError,
  compact = false,
}: {
  workspaceId: string;
  /** The preview to run; null when the form cannot be previewed yet (`blocked` says why). */
  request: PreviewRequest | null;
  blocked?: string;
  onQueryError: (error: QueryError | undefined, query: string) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation("watches");
  const preview = usePreviewDraft(workspaceId);
  const [ranWith, setRanWith] = useState<string | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const signature = request ? JSON.stringify(request) : null;

  useEffect(() => {
    if (!preview.isPending) return;
    setElapsed(0);
    const started = Date.now();
    const timer = window.setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [preview.isPending]);

  const run = () => {
    if (!request) return;
    setRanWith(signature);
    onQueryError(undefined, request.query);
    preview.mutate(request, {
      onError: (error) => {
        const queryError = error instanceof ApiError ? queryErrorFrom(error.problem) : undefined;
        if (queryError) onQueryError(queryError, request.query);
      },
    });
  };

  const queryErrorOnly = preview.error instanceof ApiError && !!queryErrorFrom(preview.error.problem);
  const stale = !!preview.data && ranWith !== signature;
  const Heading = compact ? "h3" : "h2";
  const titleId = useId();
  const status = preview.isPending
    ? t("preview.searching")
    : preview.data
      ? t("preview.summary", { count: preview.data.items.length })
      : "";

  return (
    <section className="preview-panel" aria-labelledby={titleId}>
      <div className="card-header">
        <Heading id={titleId}>{t("preview.title")}</Heading>
        <Button onClick={run} busy={preview.isPending} disabled={!request}>
          {preview.data ? t("preview.again") : t("preview.run")}
        </Button>
      </div>
      <p className="field-hint">{request ? t("preview.intro") : blocked}</p>
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
      <div className="stack">
        {preview.isPending && (
          <Progress label={t("preview.running", { count: request?.sources.length ?? 0, seconds: elapsed })} />
        )}
        {!preview.isPending && preview.error && (
          queryErrorOnly ? <p className="field-error">{t("preview.queryInvalid")}</p> : <ErrorMessage error={preview.error} onRetry={request ? run : undefined} />
        )}
        {!preview.isPending && preview.data && (
          <>
            {stale && <Notice tone="warning">{t("preview.stale")}</Notice>}
            <PreviewResults data={preview.data} />
          </>
        )}
      </div>
    </section>
  );
}

function PreviewResults({ data }: { data: PreviewResponse }) {
  const { t } = useTranslation("watches");
  return (
    <div className="stack">
      <p>
        <strong>{t("preview.summary", { count: data.items.length })}</strong>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("preview.bySource")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("preview.source")}</th>
              <th scope="col">{t("preview.fetched")}</th>
              <th scope="col">{t("preview.matched")}</th>
              <th scope="col">{t("preview.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {data.sources.map((s, i) => (
              <tr key={i}>
                <td>
                  <SourceLabel source={s.source} options={s.options} />
                </td>
                <td>{formatNumber(s.fetched)}</td>
                <td>{formatNumber(s.matched)}</td>
                <td>
                  {s.error_kind ? (
                    <span className="preview-source-error">
                      <Badge tone="negative">{t(`health.errorKinds.${s.error_kind}`, { defaultValue: s.error_kind })}</Badge>{" "}
                      {s.error}
                    </span>
                  ) : (
                    <Badge tone="positive">{t("preview.ok")}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.items.length === 0 ? (
        <p className="muted">{t("preview.noMatch")}</p>
      ) : (
        <ul className="preview-items">
          {data.items.map((item, i) => (
            <li key={`${item.url}-${i}`}>
              <a href={item.url} target="_blank" rel="noopener noreferrer" className="preview-item-title">
                {item.title || excerpt(item.text, 90) || item.url}
              </a>
              <p className="row preview-item-meta">
                <span>{t(`sourceNames.${item.source}`, { defaultValue: item.source })}</span>
                <span className="muted">{formatDateTime(item.published_at)}</span>
                {item.author && <span className="muted">{item.author}</span>}
                {item.lang && <Badge tone="info">{item.lang.toUpperCase()}</Badge>}
                <Badge tone={SENTIMENT_TONES[item.sentiment] ?? "neutral"}>
                  {t(`sentiment.${item.sentiment}`, { defaultValue: item.sentiment })}
                </Badge>
              </p>
              {item.title && item.text && !sameText(item.title, item.text) && <p className="preview-item-text">{excerpt(item.text)}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
