import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Loading } from "@/components/ui/Feedback";

import { useExclusionSuggestions } from "../api";

/**
 * After mentions are marked irrelevant: the words that would have kept them out of their
 * watch, with a way to the watch editor (where the query is changed).
 */
export function ExclusionSuggestions({
  workspaceId,
  watchId,
  watchName,
  canEditWatch,
  onDismiss,
}: {
  workspaceId: string;
  watchId: string;
  watchName?: string;
  canEditWatch: boolean;
  onDismiss: () => void;
}) {
  const { t } = useTranslation("mentions");
  const suggestions = useExclusionSuggestions(workspaceId, watchId);
  const headingId = `exclusions-${watchId}`;
  return (
    <section className="card exclusions" aria-labelledby={headingId} aria-live="polite">
      <div className="card-header">
        <h2 id={headingId}>{t("exclusions.heading", { watch: watchName ?? t("exclusions.aWatch") })}</h2>
        <Button variant="ghost" className="btn-small" onClick={onDismiss}>
          {t("exclusions.dismiss")}
        </Button>
      </div>
      {suggestions.isPending ? (
        <Loading />
      ) : suggestions.error ? (
        <ErrorMessage error={suggestions.error} onRetry={() => void suggestions.refetch()} />
      ) : suggestions.data?.length ? (
        <>
          <p>{t("exclusions.intro")}</p>
          <ul className="exclusion-list">
            {suggestions.data.map((s) => (
              <li key={s.term}>
                <strong>{t("exclusions.exclude", { term: s.term })}</strong>
                <span className="visually-hidden">{t("exclusions.query")}</span>
                <code className="secret">{s.query_with_exclusion}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t("exclusions.none")}</p>
      )}
      {canEditWatch && (
        <p>
          <Link to={`/workspaces/${workspaceId}/watches/${watchId}`}>{t("exclusions.edit")}</Link>
        </p>
      )}
    </section>
  );
}
