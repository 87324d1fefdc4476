import { useId } from "react";
import { useTranslation } from "react-i18next";

import { queryErrorSpan, type QueryError } from "../query";

const CHEATS = [
  { code: "vigie", key: "word" },
  { code: "\"café soleil\"", key: "phrase" },
  { code: "vigie AND agence", key: "and" },
  { code: "vigie OR veille", key: "or" },
  { code: "vigie NOT foot · vigie -foot", key: "not" },
  { code: "(vigie OR veille) agence", key: "parentheses" },
  { code: "vig*", key: "prefix" },
  { code: "#vigie", key: "hashtag" },
  { code: "lang:fr", key: "lang" },
  { code: "site:example.com", key: "site" },
  { code: "source:reddit", key: "source" },
] as const;

/** The query's syntax, folded away until asked for. */
export function QueryCheatSheet() {
  const { t } = useTranslation("watches");
  return (
    <details className="query-help">
      <summary>{t("queryHelp.toggle")}</summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("queryHelp.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("queryHelp.write")}</th>
              <th scope="col">{t("queryHelp.finds")}</th>
            </tr>
          </thead>
          <tbody>
            {CHEATS.map((c) => (
              <tr key={c.key}>
                <td>
                  <code>{c.code}</code>
                </td>
                <td>{t(`queryHelp.rows.${c.key}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field-hint">{t("queryHelp.french")}</p>
      <p className="field-hint">{t("queryHelp.example")} <code>(vigie OR "vigie app" OR #vigie) agence* -spam lang:fr</code></p>
    </details>
  );
}

/**
 * The query textarea. An API error is shown under it, with a read-only copy of the query
 * where the culprit is marked, so people see where to fix it.
 */
export function QueryField({
  value,
  onChange,
  error,
  compact = false,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: QueryError;
  compact?: boolean;
}) {
  const { t } = useTranslation("watches");
  const id = useId();
  const hasSpan = error?.position !== undefined;
  const span = hasSpan ? queryErrorSpan(value, error.position ?? 0, error.length ?? 1) : undefined;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field query-field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{t("form.query")}</label>
      <textarea
        id={id}
        className="mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        required
        maxLength={1000}
        rows={compact ? 2 : 3}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
      />
      {error && (
        <div className="query-error" id={`${id}-error`} role="alert">
          <p className="field-error">{error.message}</p>
          {span && (
            <p className="query-mirror mono">
              <span className="visually-hidden">{t("form.queryErrorAt")} </span>
              {span.before}
              <mark>{span.culprit || "\u00a0"}</mark>
              {span.after}
            </p>
          )}
        </div>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {t("form.queryHint")}
      </p>
      <QueryCheatSheet />
    </div>
  );
}
