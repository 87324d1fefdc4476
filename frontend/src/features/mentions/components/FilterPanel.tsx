import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { CheckboxGroup, SelectField, TextField } from "@/components/ui/Field";
import { mentionStatusValues, sentimentLabelValues, sourceSpecSourceValues } from "@/lib/api/schema";

import type { Watch } from "../api";
import { activeFilterCount, EMPTY_FILTERS, normaliseTags, splitList, type InboxFilters } from "../filters";
import type { PersonOption } from "./people";

const COMMON_LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "nl"];

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The search box and the sort: always visible, applied on submit. */
export function SearchBar({ filters, onChange }: { filters: InboxFilters; onChange: (f: InboxFilters) => void }) {
  const { t } = useTranslation("mentions");
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, q: q.trim() });
  };
  return (
    <form role="search" aria-label={t("search.region")} className="inbox-search" onSubmit={submit}>
      <TextField
        label={t("search.label")}
        hint={t("search.hint")}
        type="search"
        value={q}
        maxLength={500}
        onChange={(e) => setQ(e.target.value)}
      />
      <div className="row inbox-search-actions">
        <Button type="submit" variant="primary">
          {t("search.submit")}
        </Button>
        {filters.q && (
          <Button variant="ghost" onClick={() => onChange({ ...filters, q: "" })}>
            {t("search.clear")}
          </Button>
        )}
      </div>
      <SelectField
        label={t("sort.label")}
        value={filters.sort}
        onChange={(e) => onChange({ ...filters, sort: e.target.value === "reach" ? "reach" : "date" })}
        options={[
          { value: "date", label: t("sort.date") },
          { value: "reach", label: t("sort.reach") },
        ]}
      />
    </form>
  );
}

/** Every filter but the search; each change is applied at once (one history entry each). */
export function FilterPanel({
  filters,
  onChange,
  watches,
  people,
}: {
  filters: InboxFilters;
  onChange: (f: InboxFilters) => void;
  watches: Watch[];
  people: PersonOption[];
}) {
  const { t, i18n } = useTranslation("mentions");
  const [tag, setTag] = useState("");
  const [open, setOpen] = useState(() => typeof window === "undefined" || !window.matchMedia?.("(max-width: 760px)").matches);
  const count = activeFilterCount(filters);
  const set = (patch: Partial<InboxFilters>) => onChange({ ...filters, ...patch });

  const languages = [...new Set([...COMMON_LANGUAGES, ...watches.flatMap((w) => w.languages ?? []), ...filters.langs])];
  const sources = [...new Set([...sourceSpecSourceValues, ...filters.sources])];
  const addTag = (event: FormEvent) => {
    event.preventDefault();
    const added = splitList(tag);
    if (added.length) set({ tags: normaliseTags([...filters.tags, ...added]) });
    setTag("");
  };

  return (
    <details className="card inbox-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t("filters.toggle")}
        {count > 0 && <span className="badge badge-info">{t("filters.active", { count })}</span>}
      </summary>
      <div className="inbox-filters-grid">
        <SelectField
          label={t("filters.watch")}
          value={filters.watch}
          onChange={(e) => set({ watch: e.target.value })}
          options={[{ value: "", label: t("filters.allWatches") }, ...watches.map((w) => ({ value: w.id, label: w.name }))]}
        />
        <SelectField
          label={t("filters.assignee")}
          value={filters.assignee}
          onChange={(e) => set({ assignee: e.target.value })}
          options={[
            { value: "", label: t("filters.anyone") },
            { value: "me", label: t("filters.me") },
            { value: "none", label: t("filters.none") },
            ...people.filter((p) => !p.isMe).map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <TextField label={t("filters.since")} type="date" value={filters.since} max={filters.until || undefined} onChange={(e) => set({ since: e.target.value })} />
        <TextField label={t("filters.until")} type="date" value={filters.until} min={filters.since || undefined} onChange={(e) => set({ until: e.target.value })} />
        <CheckboxGroup
          legend={t("filters.status")}
          options={mentionStatusValues.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={filters.statuses}
          onChange={(v) => set({ statuses: mentionStatusValues.filter((s) => v.includes(s)) })}
        />
        <CheckboxGroup
          legend={t("filters.sentiment")}
          options={sentimentLabelValues.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))}
          value={filters.sentiments}
          onChange={(v) => set({ sentiments: sentimentLabelValues.filter((s) => v.includes(s)) })}
        />
        <CheckboxGroup
          legend={t("filters.source")}
          options={sources.map((s) => ({ value: s, label: t(`source.${s}`, { defaultValue: s }) }))}
          value={filters.sources}
          onChange={(v) => set({ sources: v })}
        />
        <CheckboxGroup
          legend={t("filters.language")}
          options={languages.map((l) => ({ value: l, label: languageName(l, i18n.language) }))}
          value={filters.langs}
          onChange={(v) => set({ langs: v })}
        />
        <div className="stack inbox-tag-filter">
          <form className="row inbox-inline-form" onSubmit={addTag}>
            <TextField label={t("filters.tag")} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} />
            <Button type="submit">{t("filters.addTag")}</Button>
          </form>
          {filters.tags.length > 0 && (
            <ul className="tag-list" aria-label={t("filters.tag")}>
              {filters.tags.map((tg) => (
                <li key={tg}>
                  <span className="badge badge-info">{tg}</span>
                  <Button
                    variant="ghost"
                    className="btn-small"
                    aria-label={t("filters.removeTag", { tag: tg })}
                    onClick={() => set({ tags: filters.tags.filter((x) => x !== tg) })}
                  >
                    ×
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={filters.group} onChange={(e) => set({ group: e.target.checked })} />
          <span>{t("filters.group")}</span>
        </label>
      </div>
      {count > 0 && (
        <Button variant="ghost" onClick={() => onChange({ ...EMPTY_FILTERS, q: filters.q, sort: filters.sort })}>
          {t("filters.clear")}
        </Button>
      )}
    </details>
  );
}
