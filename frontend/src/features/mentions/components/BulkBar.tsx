import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { SelectField, TextField } from "@/components/ui/Field";
import { mentionStatusValues } from "@/lib/api/schema";

import { useBulkUpdate, type Mention } from "../api";
import { bulkBody, NO_CHANGE, UNASSIGN } from "../bulk";
import type { PersonOption } from "./people";

export function BulkBar({
  workspaceId,
  loaded,
  selected,
  onSelectAll,
  onClear,
  people,
  onIrrelevant,
}: {
  workspaceId: string;
  loaded: Mention[];
  selected: string[];
  onSelectAll: (all: boolean) => void;
  onClear: () => void;
  people: PersonOption[];
  onIrrelevant: (mentions: Mention[]) => void;
}) {
  const { t } = useTranslation("mentions");
  const bulk = useBulkUpdate(workspaceId);
  const [status, setStatus] = useState(NO_CHANGE);
  const [assignee, setAssignee] = useState(NO_CHANGE);
  const [tag, setTag] = useState("");
  const [message, setMessage] = useState("");
  const [nothing, setNothing] = useState(false);
  const allSelected = loaded.length > 0 && loaded.every((m) => selected.includes(m.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = bulkBody(selected, status, assignee, tag);
    setNothing(!body);
    setMessage("");
    if (!body) return;
    const touched = loaded.filter((m) => selected.includes(m.id));
    bulk.mutate(body, {
      onSuccess: ({ updated }) => {
        setMessage(t("bulk.done", { count: updated }));
        if (body.set_status === "irrelevant") onIrrelevant(touched);
        setStatus(NO_CHANGE);
        setAssignee(NO_CHANGE);
        setTag("");
        onClear();
      },
    });
  };

  return (
    <section className="card bulk-bar" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" className="visually-hidden">
        {t("bulk.heading")}
      </h2>
      <div className="row">
        <label className="checkbox">
          <input type="checkbox" checked={allSelected} disabled={!loaded.length} onChange={(e) => onSelectAll(e.target.checked)} />
          <span>{t("bulk.selectAll", { count: loaded.length })}</span>
        </label>
        <span aria-live="polite" className="muted">
          {selected.length > 0 && t("bulk.selected", { count: selected.length })}
        </span>
        {selected.length > 0 && (
          <Button variant="ghost" className="btn-small" onClick={onClear}>
            {t("bulk.clear")}
          </Button>
        )}
      </div>
      {selected.length > 0 && (
        <form className="bulk-form" onSubmit={submit}>
          <SelectField
            label={t("bulk.setStatus")}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            options={[{ value: NO_CHANGE, label: t("bulk.noChange") }, ...mentionStatusValues.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
          <SelectField
            label={t("bulk.setAssignee")}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            options={[
              { value: NO_CHANGE, label: t("bulk.noChange") },
              { value: UNASSIGN, label: t("bulk.unassign") },
              ...people.map((p) => ({ value: p.id, label: p.isMe ? t("mention.me", { name: p.name }) : p.name })),
            ]}
          />
          <TextField label={t("bulk.addTag")} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} />
          <div className="bulk-submit">
            <Button type="submit" variant="primary" busy={bulk.isPending}>
              {t("bulk.apply")}
            </Button>
          </div>
        </form>
      )}
      {nothing && <p className="field-error">{t("bulk.nothing")}</p>}
      <ErrorMessage error={bulk.error} />
      <p aria-live="polite" className="notice-inline">
        {message}
      </p>
    </section>
  );
}
