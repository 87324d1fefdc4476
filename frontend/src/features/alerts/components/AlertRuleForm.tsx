import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorMessage } from "@/components/ui/Feedback";
import { SelectField, TextArea, TextField } from "@/components/ui/Field";
import { idempotencyKey } from "@/lib/api/client";
import { alertKindValues } from "@/lib/api/schema";
import { useAuth } from "@/lib/auth/AuthProvider";
import { formatNumber } from "@/lib/i18n";
import { canInWorkspace } from "@/lib/permissions";
import { ApiError } from "@/lib/problem";

import { useCreateRule, useUpdateRule, useWatchNames } from "../api";
import {
  apiFieldErrors,
  createBody,
  draftFromRule,
  updateBody,
  validateDraft,
  type AlertKind,
  type AlertRuleRead,
  type DraftField,
  type RuleDraft,
} from "../rules";

/** Create (no `rule`) or edit an alert rule; reused by the onboarding wizard. */
export interface AlertRuleFormProps {
  workspaceId: string;
  rule?: AlertRuleRead;
  compact?: boolean;
  onSaved: (rule: AlertRuleRead) => void;
  onCancel?: () => void;
}

export function AlertRuleForm({ workspaceId, rule, compact = false, onSaved, onCancel }: AlertRuleFormProps) {
  const { t } = useTranslation("alerts");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const create = useCreateRule(workspaceId);
  const update = useUpdateRule(workspaceId);
  const watches = useWatchNames(workspaceId, canInWorkspace(me, workspaceId, "watches:read"));
  const [draft, setDraft] = useState<RuleDraft>(() => {
    const initial = draftFromRule(rule);
    return rule ? initial : { ...initial, name: t("defaults.name.negative_spike") };
  });
  const [attempted, setAttempted] = useState(false);
  const kindName = useId();
  const mutation = rule ? update : create;

  const local = attempted ? validateDraft(draft) : {};
  const server = mutation.error instanceof ApiError ? apiFieldErrors(mutation.error.problem.errors) : {};
  const errorOf = (field: DraftField): string | undefined => {
    const e = local[field];
    if (!e) return server[field];
    const values = Object.fromEntries(Object.entries(e.values ?? {}).map(([k, v]) => [k, typeof v === "number" ? formatNumber(v) : v]));
    return t(e.key, values);
  };
  const placed = Object.keys(server).some((k) => k !== "other");

  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const chooseKind = (kind: AlertKind) =>
    setDraft((d) => {
      // A name still at its default follows the kind.
      const defaultName = alertKindValues.some((k) => t(`defaults.name.${k}`) === d.name.trim());
      return { ...d, kind, name: defaultName || !d.name.trim() ? t(`defaults.name.${kind}`) : d.name };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(validateDraft(draft)).length) return;
    try {
      const saved = rule
        ? await update.mutateAsync({ ruleId: rule.id, body: updateBody(draft) })
        : await create.mutateAsync({ body: createBody(draft), key: idempotencyKey() });
      onSaved(saved);
    } catch {
      // Shown from mutation.error.
    }
  };

  const spike = draft.kind === "volume_spike" || draft.kind === "negative_spike";
  const watchOptions = [
    { value: "", label: t("form.allWatches") },
    ...(watches.data ?? []).map((w) => ({ value: w.id, label: w.name })),
  ];
  if (draft.watchId && !watchOptions.some((o) => o.value === draft.watchId)) {
    watchOptions.push({ value: draft.watchId, label: t("form.unknownWatch") });
  }

  return (
    <form onSubmit={submit} className={`stack alert-rule-form${compact ? " alert-rule-form-compact" : ""}`} noValidate>
      {mutation.error && (!placed || server.other) && <ErrorMessage error={mutation.error} />}
      <fieldset className="field kind-choice">
        <legend>{t("form.kind")}</legend>
        {rule && <p className="field-hint">{t("form.kindFixed")}</p>}
        {alertKindValues.map((kind) => (
          <label key={kind} className={`kind-option${draft.kind === kind ? " kind-option-selected" : ""}`}>
            <input
              type="radio"
              name={kindName}
              value={kind}
              checked={draft.kind === kind}
              disabled={!!rule && rule.kind !== kind}
              onChange={() => chooseKind(kind)}
            />
            <span>
              <strong>{t(`kinds.${kind}`)}</strong>
              {(!compact || draft.kind === kind) && <small className="field-hint kind-explanation">{t(`explanations.${kind}`)}</small>}
            </span>
          </label>
        ))}
      </fieldset>

      <div className="alert-form-grid">
        <TextField label={t("form.name")} value={draft.name} onChange={(e) => set("name", e.target.value)} required maxLength={200} error={errorOf("name")} />
        <SelectField
          label={t("form.watch")}
          value={draft.watchId}
          onChange={(e) => set("watchId", e.target.value)}
          options={watchOptions}
          hint={t("form.watchHint")}
        />
      </div>

      <fieldset className="field rule-params">
        <legend>{t("form.conditions")}</legend>
        {spike && (
          <div className="alert-form-grid">
            <TextField
              label={t("form.factor")}
              type="number"
              inputMode="decimal"
              min={1.5}
              max={100}
              step={0.5}
              value={draft.factor}
              onChange={(e) => set("factor", e.target.value)}
              error={errorOf("factor")}
              hint={t("form.factorHint")}
            />
            <TextField
              label={t("form.windowMinutes")}
              type="number"
              inputMode="numeric"
              min={15}
              max={1440}
              value={draft.windowMinutes}
              onChange={(e) => set("windowMinutes", e.target.value)}
              error={errorOf("windowMinutes")}
              hint={t("form.windowHint")}
            />
            <TextField
              label={draft.kind === "negative_spike" ? t("form.minNegativeMentions") : t("form.minMentions")}
              type="number"
              inputMode="numeric"
              min={1}
              value={draft.minMentions}
              onChange={(e) => set("minMentions", e.target.value)}
              error={errorOf("minMentions")}
              hint={t("form.minMentionsHint")}
            />
            <TextField
              label={t("form.baselineDays")}
              type="number"
              inputMode="numeric"
              min={1}
              max={30}
              value={draft.baselineDays}
              onChange={(e) => set("baselineDays", e.target.value)}
              error={errorOf("baselineDays")}
              hint={t("form.baselineHint")}
            />
            {draft.kind === "negative_spike" && (
              <TextField
                label={t("form.minNegativeShare")}
                type="number"
                inputMode="decimal"
                min={0}
                max={100}
                step={5}
                value={draft.minNegativeShare}
                onChange={(e) => set("minNegativeShare", e.target.value)}
                error={errorOf("minNegativeShare")}
                hint={t("form.minNegativeShareHint")}
              />
            )}
          </div>
        )}
        {draft.kind === "keyword" && (
          <TextArea
            label={t("form.keywords")}
            value={draft.keywords}
            onChange={(e) => set("keywords", e.target.value)}
            error={errorOf("keywords")}
            hint={t("form.keywordsHint")}
            placeholder={t("form.keywordsPlaceholder")}
            rows={compact ? 3 : 4}
          />
        )}
        {draft.kind === "high_reach" && (
          <TextField
            label={t("form.minReach")}
            type="number"
            inputMode="numeric"
            min={1}
            step={1000}
            value={draft.minReach}
            onChange={(e) => set("minReach", e.target.value)}
            error={errorOf("minReach")}
            hint={t("form.minReachHint")}
          />
        )}
      </fieldset>

      <fieldset className="field rule-channels">
        <legend>{t("form.channels")}</legend>
        <TextArea
          label={t("form.emails")}
          value={draft.emails}
          onChange={(e) => set("emails", e.target.value)}
          error={errorOf("emails")}
          hint={t("form.emailsHint")}
          placeholder="ana@agence.fr, client@marque.fr"
          rows={2}
          autoComplete="off"
        />
        <TextField
          label={t("form.slackWebhook")}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://hooks.slack.com/services/…"
          value={draft.slackWebhook}
          onChange={(e) => set("slackWebhook", e.target.value)}
          error={errorOf("slackWebhook")}
          hint={rule?.slack_webhook_set ? t("form.slackSaved") : t("form.slackHint")}
        />
        {rule?.slack_webhook_set && !draft.slackWebhook.trim() && (
          <label className="checkbox">
            <input type="checkbox" checked={draft.removeSlack} onChange={(e) => set("removeSlack", e.target.checked)} />
            <span>{t("form.removeSlack")}</span>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={draft.notifyWebhooks} onChange={(e) => set("notifyWebhooks", e.target.checked)} />
          <span>
            {t("form.notifyWebhooks")}
            <small className="field-hint"> {t("form.notifyWebhooksHint")}</small>
          </span>
        </label>
      </fieldset>

      <div className="alert-form-grid">
        <TextField
          label={t("form.cooldown")}
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          value={draft.cooldownMinutes}
          onChange={(e) => set("cooldownMinutes", e.target.value)}
          error={errorOf("cooldownMinutes")}
          hint={t("form.cooldownHint")}
        />
        <label className="checkbox enabled-toggle">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />
          <span>
            {t("form.enabled")}
            <small className="field-hint"> {t("form.enabledHint")}</small>
          </span>
        </label>
      </div>

      <div className="row">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {rule ? t("form.save") : t("form.create")}
        </Button>
        {onCancel && <Button onClick={onCancel}>{tc("cancel")}</Button>}
      </div>
    </form>
  );
}
