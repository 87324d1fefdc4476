import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage, Loading } from "@/components/ui/Feedback";
import { SelectField, TextArea, TextField } from "@/components/ui/Field";
import { Badge } from "@/components/ui/Page";
import { idempotencyKey } from "@/lib/api/client";
import { sentimentLabelValues } from "@/lib/api/schema";
import { ApiError } from "@/lib/problem";
import { formatDateTime } from "@/lib/i18n";

import { useCorrectSentiment, useCreateNote, useNotes, useUpdateMention, type Mention } from "../api";
import { normaliseTags, splitList, type SentimentLabel } from "../filters";
import type { CardContext } from "./MentionCard";

function TagEditor({ mention, ctx }: { mention: Mention; ctx: CardContext }) {
  const { t } = useTranslation("mentions");
  const update = useUpdateMention(ctx.workspaceId);
  const [draft, setDraft] = useState("");
  const save = (tags: string[]) => update.mutate({ id: mention.id, body: { tags } }, { onSuccess: () => setDraft("") });
  const add = (event: FormEvent) => {
    event.preventDefault();
    const added = splitList(draft);
    if (added.length) save(normaliseTags([...mention.tags, ...added]));
  };
  return (
    <section className="stack-tight" aria-label={t("mention.tags")}>
      <h3>{t("mention.tags")}</h3>
      {mention.tags.length ? (
        <ul className="tag-list">
          {mention.tags.map((tag) => (
            <li key={tag}>
              <Badge tone="info">{tag}</Badge>
              <Button
                variant="ghost"
                className="btn-small"
                aria-label={t("mention.removeTag", { tag })}
                disabled={update.isPending}
                onClick={() => save(mention.tags.filter((x) => x !== tag))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("mention.noTags")}</p>
      )}
      <form className="row inbox-inline-form" onSubmit={add}>
        <TextField
          label={t("mention.newTag")}
          value={draft}
          maxLength={50}
          error={update.error instanceof ApiError ? update.error.fieldError("tags") : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" busy={update.isPending}>
          {t("mention.addTag")}
        </Button>
      </form>
      {!(update.error instanceof ApiError && update.error.fieldError("tags")) && <ErrorMessage error={update.error} />}
    </section>
  );
}

function SentimentCorrection({ mention, ctx }: { mention: Mention; ctx: CardContext }) {
  const { t } = useTranslation("mentions");
  const correct = useCorrectSentiment(ctx.workspaceId);
  const [label, setLabel] = useState<SentimentLabel>(mention.sentiment);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    correct.mutate({ id: mention.id, label });
  };
  return (
    <form className="stack-tight" onSubmit={submit}>
      <div className="row inbox-inline-form">
        <SelectField
          label={t("mention.correctLabel")}
          value={label}
          onChange={(e) => setLabel(sentimentLabelValues.find((s) => s === e.target.value) ?? "neutral")}
          options={sentimentLabelValues.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))}
        />
        <Button type="submit" busy={correct.isPending} disabled={label === mention.sentiment}>
          {t("mention.correct")}
        </Button>
      </div>
      {mention.sentiment_corrected && (
        <p className="field-hint">{t("mention.correctedHint", { computed: t(`sentiment.${mention.sentiment_computed}`) })}</p>
      )}
      <ErrorMessage error={correct.error} />
    </form>
  );
}

function Notes({ mention, ctx }: { mention: Mention; ctx: CardContext }) {
  const { t } = useTranslation("mentions");
  const notes = useNotes(ctx.workspaceId, mention.id, true);
  const create = useCreateNote(ctx.workspaceId, mention);
  const [body, setBody] = useState("");
  const [key, setKey] = useState(idempotencyKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    create.mutate(
      { body: body.trim(), key },
      {
        onSuccess: () => {
          setBody("");
          setKey(idempotencyKey());
        },
      },
    );
  };
  return (
    <section className="stack-tight">
      <h3>{t("mention.notes")}</h3>
      <p className="field-hint">{t("mention.notesHint")}</p>
      {notes.isPending ? (
        <Loading />
      ) : notes.error ? (
        <ErrorMessage error={notes.error} onRetry={() => void notes.refetch()} />
      ) : notes.data?.length ? (
        <ul className="notes-list">
          {notes.data.map((note) => (
            <li key={note.id}>
              <p className="note-body">{note.body}</p>
              <p className="muted note-meta">
                {t("mention.noteBy", {
                  author: (note.author_id && ctx.names.get(note.author_id)) || t("mention.someone"),
                  date: formatDateTime(note.created_at, ctx.timeZone),
                })}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("mention.noNotes")}</p>
      )}
      {ctx.canWrite && (
        <form className="stack-tight" onSubmit={submit}>
          <TextArea
            label={t("mention.newNote")}
            value={body}
            maxLength={5000}
            rows={3}
            error={create.error instanceof ApiError ? create.error.fieldError("body") : undefined}
            onChange={(e) => setBody(e.target.value)}
          />
          <div>
            <Button type="submit" busy={create.isPending} disabled={!body.trim()}>
              {t("mention.addNote")}
            </Button>
          </div>
          {!(create.error instanceof ApiError && create.error.fieldError("body")) && <ErrorMessage error={create.error} />}
        </form>
      )}
    </section>
  );
}

/** The triage a mention needs less often than its status: tags, sentiment, notes. */
export function MentionDetails({ mention, ctx }: { mention: Mention; ctx: CardContext }) {
  return (
    <div className="mention-details">
      {ctx.canWrite && <TagEditor mention={mention} ctx={ctx} />}
      {ctx.canWrite && <SentimentCorrection mention={mention} ctx={ctx} />}
      <Notes mention={mention} ctx={ctx} />
    </div>
  );
}
