import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { CheckboxGroup, SelectField, TextField } from "@/components/ui/Field";
import { idempotencyKey } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { watchKindValues, watchStatusValues } from "@/lib/api/schema";
import { useAuth } from "@/lib/auth/AuthProvider";
import { canInWorkspace } from "@/lib/permissions";
import { ApiError } from "@/lib/problem";

import { collectWatch, useCreateWatch, useUpdateWatch, type PreviewRequest, type WatchCreate, type WatchUpdate } from "../api";
import { queryErrorFrom, type QueryError } from "../query";
import { draftFromHealth, draftProblems, draftToSpec, newSourceDraft, sourceErrorsFrom, sourcesChanged, type SourceDraft } from "../sources";

import { ExclusionSuggestions } from "./ExclusionSuggestions";
import { PreviewPanel } from "./PreviewPanel";
import { QueryField } from "./QueryField";
import { SourcesEditor } from "./SourcesEditor";

type WatchRead = components["schemas"]["WatchRead"];
type WatchKind = components["schemas"]["WatchKind"];
type WatchStatus = components["schemas"]["WatchStatus"];

const COMMON_LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "nl"];

/** Create (no `watch`) or edit a watch; reused by the onboarding wizard (compact layout). */
export interface WatchFormProps {
  workspaceId: string;
  watch?: WatchRead;
  /** Pre-filled query for a new watch, e.g. the brand name from the wizard's first step. */
  initialQuery?: string;
  initialName?: string;
  compact?: boolean;
  onSaved: (watch: WatchRead) => void;
  onCancel?: () => void;
}

function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language" }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
  } catch {
    return code;
  }
}

export function WatchForm({ workspaceId, watch, initialQuery, initialName, compact = false, onSaved, onCancel }: WatchFormProps) {
  const { t, i18n } = useTranslation("watches");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const create = useCreateWatch(workspaceId);
  const update = useUpdateWatch(workspaceId);

  const savedDrafts = useMemo(() => (watch ? watch.sources.map(draftFromHealth) : []), [watch]);
  const [name, setName] = useState(watch?.name ?? initialName ?? "");
  const [kind, setKind] = useState<WatchKind>(watch?.kind ?? "brand");
  const [query, setQuery] = useState(watch?.query ?? initialQuery ?? "");
  const [languages, setLanguages] = useState<string[]>(watch?.languages ?? []);
  const [sources, setSources] = useState<SourceDraft[]>(() =>
    watch ? watch.sources.map(draftFromHealth) : [newSourceDraft("rss", { rssMode: "engine", engine: "google_news" })],
  );
  const [interval, setIntervalMinutes] = useState(String(watch?.interval_minutes ?? 15));
  const [status, setStatus] = useState<WatchStatus>(watch?.status ?? "active");
  const [attempted, setAttempted] = useState(false);
  // A query error applies to the text it was found in; editing the query clears it.
  const [queryError, setQueryError] = useState<{ error: QueryError; query: string } | undefined>();

  const changedSources = !watch || sourcesChanged(savedDrafts, sources);
  const mutation = watch ? update : create;
  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const sourceApiErrors = sourceErrorsFrom(apiError?.problem.errors);
  const shownQueryError = queryError && queryError.query === query ? queryError.error : undefined;
  const intervalNumber = Number(interval);
  const intervalValid = Number.isInteger(intervalNumber) && intervalNumber >= 5 && intervalNumber <= 1440;
  const sourcesValid = sources.every((d) => Object.keys(draftProblems(d, changedSources)).length === 0);

  const nameError = attempted && !name.trim() ? t("form.nameRequired") : apiError?.fieldError("name");
  const intervalError = attempted && !intervalValid ? t("form.intervalInvalid") : apiError?.fieldError("interval_minutes");
  const emptyQueryError = attempted && !query.trim() ? { message: t("form.queryRequired") } : undefined;
  const placed = !!apiError && (!!queryErrorFrom(apiError.problem) || !!apiError.fieldError("name") || !!apiError.fieldError("interval_minutes") || Object.keys(sourceApiErrors).length > 0);

  const languageOptions = [...new Set([...COMMON_LANGUAGES, ...languages])].map((code) => ({
    value: code,
    label: languageName(code, i18n.language),
  }));

  // The preview needs a query and sources the API accepts; a saved YouTube key cannot be
  // sent back, so such a source is left out of a draft preview.
  const previewSources = sources.filter((d) => Object.keys(draftProblems(d, true)).length === 0);
  const previewRequest: PreviewRequest | null =
    query.trim() && previewSources.length
      ? { query: query.trim(), languages, sources: previewSources.map(draftToSpec), limit: 30 }
      : null;
  const previewBlocked = !query.trim() ? t("preview.needQuery") : t("preview.needSource");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!name.trim() || !query.trim() || !intervalValid || !sourcesValid) return;
    const common = {
      name: name.trim(),
      kind,
      query: query.trim(),
      languages,
      interval_minutes: intervalNumber,
      status,
    };
    try {
      if (watch) {
        const body: WatchUpdate = { ...common, ...(changedSources ? { sources: sources.map(draftToSpec) } : {}) };
        onSaved(await update.mutateAsync({ watchId: watch.id, body }));
      } else {
        const body: WatchCreate = { ...common, sources: sources.map(draftToSpec) };
        const created = await create.mutateAsync({ body, key: idempotencyKey() });
        // The first mentions right away rather than at the next scheduled run (best-effort).
        if (created.status === "active" && canInWorkspace(me, workspaceId, "watches:write")) {
          await collectWatch(workspaceId, created.id).catch(() => undefined);
        }
        onSaved(created);
      }
    } catch (error) {
      const found = error instanceof ApiError ? queryErrorFrom(error.problem) : undefined;
      if (found) setQueryError({ error: found, query });
    }
  };

  const fields = (
    <>
      <div className={compact ? "stack" : "watch-form-grid"}>
        <TextField
          label={t("form.name")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={200}
          error={nameError}
          placeholder={t("form.namePlaceholder")}
        />
        <SelectField
          label={t("form.kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as WatchKind)}
          options={watchKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          hint={t(`kindHints.${kind}`)}
        />
      </div>
      <QueryField
        value={query}
        onChange={setQuery}
        error={shownQueryError ?? emptyQueryError}
        compact={compact}
      />
      {watch && !compact && <ExclusionSuggestions workspaceId={workspaceId} watchId={watch.id} query={query} savedQuery={watch.query} onChange={setQuery} />}
      <div className="languages-field">
        <CheckboxGroup legend={t("form.languages")} options={languageOptions} value={languages} onChange={setLanguages} />
        <p className="field-hint">{t("form.languagesHint")}</p>
      </div>
      <SourcesEditor
        value={sources}
        onChange={setSources}
        showProblems={attempted}
        requireKey={changedSources}
        apiErrors={sourceApiErrors}
      />
      <div className={compact ? "stack" : "watch-form-grid"}>
        <TextField
          label={t("form.interval")}
          type="number"
          inputMode="numeric"
          min={5}
          max={1440}
          step={5}
          value={interval}
          onChange={(e) => setIntervalMinutes(e.target.value)}
          error={intervalError}
          hint={t("form.intervalHint")}
        />
        <SelectField
          label={t("form.status")}
          value={status}
          onChange={(e) => setStatus(e.target.value as WatchStatus)}
          options={watchStatusValues.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          hint={t(`statusHints.${status}`)}
        />
      </div>
    </>
  );

  const actions = (
    <div className="row">
      <Button type="submit" variant="primary" busy={mutation.isPending}>
        {watch ? t("form.save") : t("form.create")}
      </Button>
      {onCancel && <Button onClick={onCancel}>{tc("cancel")}</Button>}
    </div>
  );

  const preview = (
    <PreviewPanel
      workspaceId={workspaceId}
      request={previewRequest}
      blocked={previewBlocked}
      compact={compact}
      onQueryError={(error, text) => setQueryError(error ? { error, query: text === query.trim() ? query : text } : undefined)}
    />
  );

  if (compact) {
    return (
      <form onSubmit={submit} className="stack watch-form watch-form-compact" noValidate>
        {mutation.error && !placed && <ErrorMessage error={mutation.error} />}
        {fields}
        {preview}
        {actions}
      </form>
    );
  }

  return (
    <form onSubmit={submit} className="stack watch-form" noValidate>
      <section className="card stack">
        {mutation.error && !placed && <ErrorMessage error={mutation.error} />}
        {attempted && !sourcesValid && <p className="field-error">{t("form.fixSources")}</p>}
        {fields}
        {actions}
      </section>
      <section className="card">{preview}</section>
    </form>
  );
}
