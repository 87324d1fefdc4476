import { useId } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { SelectField, TextField } from "@/components/ui/Field";

import { draftProblems, ENGINES, newSourceDraft, SOURCES, type SourceDraft, type SourceName } from "../sources";

const MAX_SOURCES = 20;

type Problems = ReturnType<typeof draftProblems>;

/** Where the watch listens: one block per source, with the options of that source. */
export function SourcesEditor({
  value,
  onChange,
  showProblems,
  requireKey,
  apiErrors,
}: {
  value: SourceDraft[];
  onChange: (value: SourceDraft[]) => void;
  /** Show what each source lacks (after a first attempt to save). */
  showProblems: boolean;
  requireKey: boolean;
  /** The API's messages by source index. */
  apiErrors: Record<number, string>;
}) {
  const { t } = useTranslation("watches");
  const update = (key: string, patch: Partial<SourceDraft>) =>
    onChange(value.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  return (
    <fieldset className="field sources-editor">
      <legend>{t("form.sources")}</legend>
      <p className="field-hint">{t("form.sourcesHint")}</p>
      {value.map((draft, index) => (
        <SourceBlock
          key={draft.key}
          draft={draft}
          index={index}
          problems={showProblems ? draftProblems(draft, requireKey) : {}}
          apiError={apiErrors[index]}
          onChange={(patch) => update(draft.key, patch)}
          onRemove={value.length > 1 ? () => onChange(value.filter((d) => d.key !== draft.key)) : undefined}
        />
      ))}
      {value.length < MAX_SOURCES && (
        <div className="row">
          <Button onClick={() => onChange([...value, newSourceDraft("rss")])}>{t("form.addSource")}</Button>
        </div>
      )}
    </fieldset>
  );
}

function SourceBlock({
  draft,
  index,
  problems,
  apiError,
  onChange,
  onRemove,
}: {
  draft: SourceDraft;
  index: number;
  problems: Problems;
  apiError?: string;
  onChange: (patch: Partial<SourceDraft>) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation("watches");
  const radioName = useId();
  const number = index + 1;
  const err = (p?: string) => (p ? t(`sourceErrors.${p}`) : undefined);
  return (
    <fieldset className="source-block">
      <legend>{t("form.sourceN", { n: number })}</legend>
      <div className="source-block-grid">
        <SelectField
          label={t("form.sourceType")}
          value={draft.source}
          onChange={(e) => onChange({ source: e.target.value as SourceName })}
          options={SOURCES.map((s) => ({ value: s, label: t(`sourceNames.${s}`) }))}
          hint={t(`sourceHints.${draft.source}`)}
        />
        {draft.source === "rss" && (
          <div className="stack source-options">
            <fieldset className="field radio-group">
              <legend className="visually-hidden">{t("form.rssMode")}</legend>
              <label className="checkbox">
                <input type="radio" name={radioName} checked={draft.rssMode === "engine"} onChange={() => onChange({ rssMode: "engine" })} />
                <span>{t("form.rssEngine")}</span>
              </label>
              <label className="checkbox">
                <input type="radio" name={radioName} checked={draft.rssMode === "url"} onChange={() => onChange({ rssMode: "url" })} />
                <span>{t("form.rssUrl")}</span>
              </label>
            </fieldset>
            {draft.rssMode === "engine" ? (
              <SelectField
                label={t("form.engine")}
                value={draft.engine}
                onChange={(e) => onChange({ engine: e.target.value as SourceDraft["engine"] })}
                options={ENGINES.map((e) => ({ value: e, label: t(`engines.${e}`) }))}
                hint={t("form.engineHint")}
              />
            ) : (
              <TextField
                label={t("form.feedUrl")}
                type="url"
                inputMode="url"
                placeholder="https://example.com/feed.xml"
                value={draft.url}
                onChange={(e) => onChange({ url: e.target.value })}
                error={err(problems.url)}
                hint={t("form.feedUrlHint")}
              />
            )}
          </div>
        )}
        {draft.source === "web" && (
          <TextField
            label={t("form.pageUrl")}
            type="url"
            inputMode="url"
            placeholder="https://example.com/news"
            value={draft.url}
            onChange={(e) => onChange({ url: e.target.value })}
            error={err(problems.url)}
          />
        )}
        {draft.source === "mastodon" && (
          <>
            <TextField
              label={t("form.instance")}
              placeholder="mastodon.social"
              inputMode="url"
              value={draft.instance}
              onChange={(e) => onChange({ instance: e.target.value })}
              error={err(problems.instance)}
            />
            <TextField
              label={t("form.hashtag")}
              placeholder="#vigie"
              value={draft.hashtag}
              onChange={(e) => onChange({ hashtag: e.target.value })}
              error={err(problems.hashtag)}
              hint={t("form.hashtagHint")}
            />
          </>
        )}
        {draft.source === "reddit" && (
          <TextField
            label={t("form.subreddit")}
            placeholder="france"
            value={draft.subreddit}
            onChange={(e) => onChange({ subreddit: e.target.value })}
            error={err(problems.subreddit)}
            hint={t("form.subredditHint")}
          />
        )}
        {draft.source === "youtube" && (
          <TextField
            label={t("form.apiKey")}
            type="password"
            autoComplete="off"
            value={draft.apiKey}
            onChange={(e) => onChange({ apiKey: e.target.value })}
            error={err(problems.apiKey)}
            hint={draft.apiKeySet ? t("form.apiKeySaved") : t("form.apiKeyHint")}
          />
        )}
      </div>
      {apiError && (
        <p className="field-error" role="alert">
          {apiError}
        </p>
      )}
      {onRemove && (
        <div className="row">
          <Button variant="ghost" className="btn-small" onClick={onRemove} aria-label={t("form.removeSourceN", { n: number })}>
            {t("form.removeSource")}
          </Button>
        </div>
      )}
    </fieldset>
  );
}
