import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInWorkspace } from "@/lib/permissions";

import { useExclusionSuggestions } from "../api";
import { addExclusion } from "../query";

/**
 * Words common in the mentions people marked irrelevant: one click adds `-word` to the
 * query being edited (saved with the form).
 */
export function ExclusionSuggestions({
  workspaceId,
  watchId,
  query,
  savedQuery,
  onChange,
}: {
  workspaceId: string;
  watchId: string;
  query: string;
  savedQuery: string;
  onChange: (query: string) => void;
}) {
  const { t } = useTranslation("watches");
  const { me } = useAuth();
  const allowed = canInWorkspace(me, workspaceId, "mentions:read");
  const suggestions = useExclusionSuggestions(workspaceId, watchId, allowed);
  if (!allowed) return null;
  const items = suggestions.data ?? [];
  const apply = (term: string, withExclusion: string) =>
    // The API's version when the query is the saved one, else the same rule applied here.
    onChange(query.trim() === savedQuery.trim() ? withExclusion : addExclusion(query, term));
  return (
    <div className="exclusion-suggestions" aria-live="polite">
      <h3>{t("suggestions.title")}</h3>
      {suggestions.error ? (
        <ErrorMessage error={suggestions.error} onRetry={() => void suggestions.refetch()} />
      ) : suggestions.isPending ? null : items.length === 0 ? (
        <p className="field-hint">{t("suggestions.none")}</p>
      ) : (
        <>
          <p className="field-hint">{t("suggestions.intro")}</p>
          <ul className="row suggestion-list">
            {items.map((s) => {
              const already = new RegExp(`(^|\\s)-"?${s.term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?(\\s|$)`, "i").test(query);
              return (
                <li key={s.term}>
                  <Button className="btn-small" disabled={already} onClick={() => apply(s.term, s.query_with_exclusion)}>
                    {t("suggestions.exclude", { term: s.term })}
                  </Button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
