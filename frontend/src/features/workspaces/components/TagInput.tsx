import { useId, useImperativeHandle, useState, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";

import { addTerms } from "../profile";

/**
 * A list of short terms (keywords, competitors): type and press Enter or a comma to add
 * (a pasted list is split), each term a chip with its own remove button. The form calls
 * `ref.commit()` on submit, so a term typed but not yet added is not lost (committing on
 * blur would move the submit button under the pointer in the middle of a click).
 */
export interface TagInputHandle {
  /** Adds what is typed and returns the resulting list. */
  commit: () => string[];
}

export function TagInput({
  label,
  hint,
  value,
  onChange,
  max,
  error,
  ref,
}: {
  ref?: Ref<TagInputHandle>;
  label: string;
  hint?: string;
  value: string[];
  onChange: (value: string[]) => void;
  max: number;
  error?: string;
}) {
  const { t } = useTranslation("workspaces");
  const id = useId();
  const [draft, setDraft] = useState("");
  const [announce, setAnnounce] = useState("");
  const [problem, setProblem] = useState("");

  const commit = (text: string): string[] => {
    if (!text.trim()) return value;
    const result = addTerms(value, text, max);
    const added = result.terms.slice(value.length);
    setProblem(
      result.tooLong.length
        ? t("tags.tooLong", { max: 100 })
        : value.length + added.length >= max && added.length === 0
          ? t("tags.full", { max })
          : "",
    );
    if (added.length) {
      onChange(result.terms);
      setAnnounce(t("tags.added", { terms: added.join(", ") }));
    }
    setDraft("");
    return result.terms;
  };
  useImperativeHandle(ref, () => ({ commit: () => commit(draft) }));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit(draft);
    }
  };

  const remove = (term: string) => {
    onChange(value.filter((v) => v !== term));
    setAnnounce(t("tags.removed", { term }));
    setProblem("");
  };

  const shownError = error || problem;
  const describedBy = [`${id}-hint`, shownError ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field tag-input${shownError ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {value.length > 0 && (
        <ul className="chips" aria-label={t("tags.listLabel", { label })}>
          {value.map((term) => (
            <li key={term} className="chip">
              <span>{term}</span>
              <button type="button" className="chip-remove" aria-label={t("tags.remove", { term })} onClick={() => remove(term)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        value={draft}
        aria-describedby={describedBy}
        aria-invalid={shownError ? true : undefined}
        onChange={(e) => {
          const text = e.target.value;
          // A pasted or typed comma adds what precedes it.
          if (/[,\n;]/.test(text)) commit(text);
          else setDraft(text);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {hint ? `${hint} ` : ""}
        {t("tags.hint", { count: value.length, max })}
      </p>
      {shownError && (
        <p className="field-error" id={`${id}-error`}>
          {shownError}
        </p>
      )}
      <span className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </span>
    </div>
  );
}
