import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { Badge } from "@/components/ui/Page";
import { mentionStatusValues } from "@/lib/api/schema";
import { formatDateTime, formatNumber } from "@/lib/i18n";

import { useUpdateMention, type Mention } from "../api";
import type { MentionStatus } from "../filters";
import { excerpt, highlightParts } from "../highlight";
import { languageName } from "./FilterPanel";
import { MentionDetails } from "./MentionDetails";
import type { PersonOption } from "./people";

export interface CardContext {
  workspaceId: string;
  timeZone?: string;
  terms: string[];
  canWrite: boolean;
  people: PersonOption[];
  names: Map<string, string>;
  onIrrelevant: (mentions: Mention[]) => void;
}

function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  return (
    <>
      {highlightParts(text, terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}

export function SentimentBadge({ mention }: { mention: Mention }) {
  const { t } = useTranslation("mentions");
  const label = t(`sentiment.${mention.sentiment}`);
  return (
    <span title={mention.sentiment_corrected ? t("mention.correctedHint", { computed: t(`sentiment.${mention.sentiment_computed}`) }) : undefined}>
      <Badge tone={mention.sentiment}>
        {label}
        {mention.sentiment_corrected && ` · ${t("mention.corrected")}`}
      </Badge>
    </span>
  );
}

function StatusButtons({ mention, ctx, title }: { mention: Mention; ctx: CardContext; title: string }) {
  const { t } = useTranslation("mentions");
  const update = useUpdateMention(ctx.workspaceId);
  const choose = (status: MentionStatus) => {
    if (status === mention.status) return;
    update.mutate(
      { id: mention.id, body: { status } },
      { onSuccess: (m) => status === "irrelevant" && ctx.onIrrelevant([m]) },
    );
  };
  return (
    <div className="stack-tight">
      <div className="status-buttons" role="group" aria-label={t("mention.statusGroup", { title })}>
        {mentionStatusValues.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn-small status-${s}${mention.status === s ? " is-current" : ""}`}
            aria-pressed={mention.status === s}
            disabled={update.isPending}
            onClick={() => choose(s)}
          >
            {t(`status.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={update.error} />
    </div>
  );
}

function AssigneeSelect({ mention, ctx }: { mention: Mention; ctx: CardContext }) {
  const { t } = useTranslation("mentions");
  const id = useId();
  const update = useUpdateMention(ctx.workspaceId);
  const current = mention.assignee_id ?? "";
  const known = ctx.people.some((p) => p.id === current);
  return (
    <div className="field assignee-field">
      <label htmlFor={id}>{t("mention.assignee")}</label>
      <select
        id={id}
        value={current}
        disabled={update.isPending}
        aria-busy={update.isPending || undefined}
        onChange={(e) => update.mutate({ id: mention.id, body: { assignee_id: e.target.value || null } })}
      >
        <option value="">{t("mention.unassigned")}</option>
        {current && !known && <option value={current}>{ctx.names.get(current) ?? t("mention.colleague")}</option>}
        {ctx.people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.isMe ? t("mention.me", { name: p.name }) : p.name}
          </option>
        ))}
      </select>
      <ErrorMessage error={update.error} />
    </div>
  );
}

export function MentionCard({
  mention,
  ctx,
  selected,
  onSelect,
}: {
  mention: Mention;
  ctx: CardContext;
  selected: boolean;
  onSelect: (id: string, selected: boolean) => void;
}) {
  const { t, i18n } = useTranslation("mentions");
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const title = mention.title?.trim() || t("mention.untitled");
  const body = excerpt(mention.text, ctx.terms);
  const assignee = mention.assignee_id ? (ctx.names.get(mention.assignee_id) ?? t("mention.colleague")) : null;
  const noteCount = mention.note_count ?? 0;

  return (
    <article className={`card mention-card${selected ? " is-selected" : ""}`} aria-labelledby={`${detailsId}-title`}>
      <div className="mention-head">
        {ctx.canWrite && (
          <input
            type="checkbox"
            className="mention-select"
            checked={selected}
            aria-label={t("mention.select", { title })}
            onChange={(e) => onSelect(mention.id, e.target.checked)}
          />
        )}
        <div className="mention-meta row">
          <Badge tone="info">{t(`source.${mention.source}`, { defaultValue: mention.source })}</Badge>
          <SentimentBadge mention={mention} />
          {!ctx.canWrite && <Badge>{t(`status.${mention.status}`)}</Badge>}
          <time dateTime={mention.published_at} className="muted">
            {formatDateTime(mention.published_at, ctx.timeZone)}
          </time>
          {mention.lang && (
            <span className="muted" lang={mention.lang}>
              <abbr title={t("mention.language", { lang: languageName(mention.lang, i18n.language) })}>{mention.lang.toUpperCase()}</abbr>
            </span>
          )}
          <span className="muted">{t("mention.reach", { value: formatNumber(mention.reach) })}</span>
          {!!mention.duplicates && <Badge tone="warning">{t("mention.duplicates", { count: mention.duplicates })}</Badge>}
        </div>
      </div>
      <h2 className="mention-title" id={`${detailsId}-title`} lang={mention.lang ?? undefined}>
        <Highlighted text={title} terms={ctx.terms} />
      </h2>
      <p className="mention-text" lang={mention.lang ?? undefined}>
        <Highlighted text={body} terms={ctx.terms} />
      </p>
      <div className="row mention-byline">
        <span className="muted">
          {mention.author ? (
            mention.author_url ? (
              <>
                {t("mention.by", { author: "" })}
                <a href={mention.author_url} target="_blank" rel="noopener noreferrer">
                  {mention.author}
                </a>
              </>
            ) : (
              t("mention.by", { author: mention.author })
            )
          ) : (
            t("mention.by", { author: t("mention.unknownAuthor") })
          )}
        </span>
        <a href={mention.url} target="_blank" rel="noopener noreferrer" aria-label={t("mention.openLabel", { title })}>
          {t("mention.open")} ↗
        </a>
      </div>
      {mention.tags.length > 0 && (
        <ul className="tag-list" aria-label={t("mention.tags")}>
          {mention.tags.map((tag) => (
            <li key={tag}>
              <Badge tone="info">{tag}</Badge>
            </li>
          ))}
        </ul>
      )}
      {ctx.canWrite ? (
        <div className="mention-triage">
          <StatusButtons mention={mention} ctx={ctx} title={title} />
          <AssigneeSelect mention={mention} ctx={ctx} />
        </div>
      ) : (
        assignee && (
          <p className="muted">{t("mention.assignedTo", { name: assignee })}</p>
        )
      )}
      <Button variant="ghost" className="btn-small details-toggle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)}>
        {open ? t("mention.hideDetails") : noteCount ? t("mention.detailsCount", { count: noteCount }) : t("mention.details")}
      </Button>
      <div id={detailsId} hidden={!open}>
        {open && <MentionDetails mention={mention} ctx={ctx} />}
      </div>
    </article>
  );
}
