/**
 * Alert rules as the form edits them, to and from the API (app/alerts/schemas.py): each
 * kind has its own params, with the API's defaults and bounds.
 */
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];
export type AlertKind = Schemas["AlertKind"];
export type AlertRuleRead = Schemas["AlertRuleRead"];
export type AlertRuleCreate = Schemas["AlertRuleCreate"];
export type AlertRuleUpdate = Schemas["AlertRuleUpdate"];

export const DEFAULTS = {
  window_minutes: 60,
  factor: 3,
  min_mentions: 10,
  baseline_days: 7,
  min_negative_share: 0.4,
  min_reach: 10_000,
  cooldown_minutes: 60,
} as const;

/** Every value as typed (strings), so a half-typed number stays as it is. */
export interface RuleDraft {
  name: string;
  kind: AlertKind;
  /** "" = every watch of the workspace. */
  watchId: string;
  windowMinutes: string;
  factor: string;
  minMentions: string;
  baselineDays: string;
  /** Percent, 0..100. */
  minNegativeShare: string;
  keywords: string;
  minReach: string;
  emails: string;
  /** A new webhook URL; empty keeps the saved one (unless `removeSlack`). */
  slackWebhook: string;
  removeSlack: boolean;
  notifyWebhooks: boolean;
  cooldownMinutes: string;
  enabled: boolean;
}

const num = (value: unknown, fallback: number): string => (typeof value === "number" ? String(value) : String(fallback));

export function draftFromRule(rule?: AlertRuleRead, kind: AlertKind = "negative_spike"): RuleDraft {
  const p = rule?.params ?? {};
  const share = typeof p.min_negative_share === "number" ? p.min_negative_share : DEFAULTS.min_negative_share;
  return {
    name: rule?.name ?? "",
    kind: rule?.kind ?? kind,
    watchId: rule?.watch_id ?? "",
    windowMinutes: num(p.window_minutes, DEFAULTS.window_minutes),
    factor: num(p.factor, DEFAULTS.factor),
    minMentions: num(p.min_mentions, DEFAULTS.min_mentions),
    baselineDays: num(p.baseline_days, DEFAULTS.baseline_days),
    minNegativeShare: String(Math.round(share * 1000) / 10),
    keywords: Array.isArray(p.keywords) ? p.keywords.filter((k): k is string => typeof k === "string").join("\n") : "",
    minReach: num(p.min_reach, DEFAULTS.min_reach),
    emails: (rule?.notify_emails ?? []).join("\n"),
    slackWebhook: "",
    removeSlack: false,
    notifyWebhooks: rule?.notify_webhooks ?? true,
    cooldownMinutes: num(rule?.cooldown_minutes, DEFAULTS.cooldown_minutes),
    enabled: rule?.enabled ?? true,
  };
}

/** Lines or commas → trimmed entries, without blanks or case-insensitive repeats. */
export function splitList(text: string, separators: RegExp = /[\n,;]+/): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(separators)) {
    const value = raw.trim().replace(/\s+/g, " ");
    if (!value || seen.has(value.toLocaleLowerCase())) continue;
    seen.add(value.toLocaleLowerCase());
    out.push(value);
  }
  return out;
}

/** Keywords are one per line, or separated by commas (a phrase keeps its spaces). */
export const splitKeywords = (text: string) => splitList(text, /[\n,;]+/);
/** Emails: lines, commas, semicolons or spaces. */
export const splitEmails = (text: string) => splitList(text, /[\s,;]+/);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type DraftField =
  | "name"
  | "windowMinutes"
  | "factor"
  | "minMentions"
  | "baselineDays"
  | "minNegativeShare"
  | "keywords"
  | "minReach"
  | "emails"
  | "slackWebhook"
  | "cooldownMinutes";

/** i18n keys (alerts namespace, `errors.*`) of what the API would refuse, by field. */
export type DraftErrors = Partial<Record<DraftField, { key: string; values?: Record<string, string | number> }>>;

function checkNumber(value: string, min: number, max: number, integer: boolean) {
  const n = Number(value.replace(",", "."));
  if (!value.trim() || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    return { key: integer ? "errors.integerRange" : "errors.numberRange", values: { min, max } };
  }
  return undefined;
}

export function validateDraft(draft: RuleDraft): DraftErrors {
  const errors: DraftErrors = {};
  const set = (field: DraftField, error: DraftErrors[DraftField]) => {
    if (error) errors[field] = error;
  };
  if (!draft.name.trim()) set("name", { key: "errors.nameRequired" });
  if (draft.kind === "volume_spike" || draft.kind === "negative_spike") {
    set("windowMinutes", checkNumber(draft.windowMinutes, 15, 1440, true));
    set("factor", checkNumber(draft.factor, 1.5, 100, false));
    set("minMentions", checkNumber(draft.minMentions, 1, 1_000_000, true));
    set("baselineDays", checkNumber(draft.baselineDays, 1, 30, true));
  }
  if (draft.kind === "negative_spike") set("minNegativeShare", checkNumber(draft.minNegativeShare, 0, 100, false));
  if (draft.kind === "keyword") {
    const keywords = splitKeywords(draft.keywords);
    if (!keywords.length) set("keywords", { key: "errors.keywordsRequired" });
    else if (keywords.length > 50) set("keywords", { key: "errors.keywordsTooMany" });
    else if (keywords.some((k) => k.length > 100 || !/[\p{L}\p{N}_]/u.test(k))) set("keywords", { key: "errors.keywordInvalid" });
  }
  if (draft.kind === "high_reach") set("minReach", checkNumber(draft.minReach, 1, 2 ** 31 - 1, true));
  const emails = splitEmails(draft.emails);
  const bad = emails.find((e) => !EMAIL.test(e));
  if (bad) set("emails", { key: "errors.emailInvalid", values: { email: bad } });
  else if (emails.length > 20) set("emails", { key: "errors.emailsTooMany" });
  if (draft.slackWebhook.trim() && !/^https?:\/\/[^\s/]+/i.test(draft.slackWebhook.trim())) set("slackWebhook", { key: "errors.urlInvalid" });
  set("cooldownMinutes", checkNumber(draft.cooldownMinutes, 1, 1440, true));
  return errors;
}

const toNumber = (value: string) => Number(value.replace(",", "."));

/** The kind's params, as the API expects them. */
export function paramsFromDraft(draft: RuleDraft): Record<string, unknown> {
  switch (draft.kind) {
    case "volume_spike":
    case "negative_spike": {
      const params: Record<string, unknown> = {
        window_minutes: toNumber(draft.windowMinutes),
        factor: toNumber(draft.factor),
        min_mentions: toNumber(draft.minMentions),
        baseline_days: toNumber(draft.baselineDays),
      };
      if (draft.kind === "negative_spike") params.min_negative_share = Math.round(toNumber(draft.minNegativeShare) * 10) / 1000;
      return params;
    }
    case "keyword":
      return { keywords: splitKeywords(draft.keywords) };
    case "high_reach":
      return { min_reach: toNumber(draft.minReach) };
  }
}

export function createBody(draft: RuleDraft): AlertRuleCreate {
  const body: AlertRuleCreate = {
    name: draft.name.trim(),
    kind: draft.kind,
    watch_id: draft.watchId || null,
    params: paramsFromDraft(draft),
    notify_emails: splitEmails(draft.emails),
    notify_webhooks: draft.notifyWebhooks,
    cooldown_minutes: toNumber(draft.cooldownMinutes),
    enabled: draft.enabled,
  };
  if (draft.slackWebhook.trim()) body.slack_webhook = draft.slackWebhook.trim();
  return body;
}

/** A PATCH: the kind cannot change; the Slack URL is sent only when typed or removed. */
export function updateBody(draft: RuleDraft): AlertRuleUpdate {
  const body: AlertRuleUpdate = {
    name: draft.name.trim(),
    watch_id: draft.watchId || null,
    params: paramsFromDraft(draft),
    notify_emails: splitEmails(draft.emails),
    notify_webhooks: draft.notifyWebhooks,
    cooldown_minutes: toNumber(draft.cooldownMinutes),
    enabled: draft.enabled,
  };
  if (draft.slackWebhook.trim()) body.slack_webhook = draft.slackWebhook.trim();
  else if (draft.removeSlack) body.slack_webhook = null;
  return body;
}

const API_FIELDS: Record<string, DraftField> = {
  name: "name",
  "params.window_minutes": "windowMinutes",
  "params.factor": "factor",
  "params.min_mentions": "minMentions",
  "params.baseline_days": "baselineDays",
  "params.min_negative_share": "minNegativeShare",
  "params.keywords": "keywords",
  "params.min_reach": "minReach",
  notify_emails: "emails",
  slack_webhook: "slackWebhook",
  cooldown_minutes: "cooldownMinutes",
};

/**
 * The API's validation messages placed on the form's fields (`loc` such as
 * ["body", "params", "factor"] or ["body", "notify_emails", 2]); the rest under "other".
 */
export function apiFieldErrors(errors: { loc: (string | number)[]; msg: string }[] | undefined): Partial<Record<DraftField | "other", string>> {
  const out: Partial<Record<DraftField | "other", string>> = {};
  for (const e of errors ?? []) {
    const path = (e.loc[0] === "body" ? e.loc.slice(1) : e.loc).filter((p) => typeof p === "string");
    const field = API_FIELDS[path.slice(0, 2).join(".")] ?? API_FIELDS[path[0] ?? ""] ?? "other";
    const message = e.msg.replace(/^Value error,\s*/, "");
    out[field] = out[field] ? `${out[field]} ${message}` : message;
  }
  return out;
}

/** The values a rule's one-line summary interpolates (alerts namespace, `summary.<kind>`). */
export function summaryValues(kind: AlertKind, params: Record<string, unknown>): Record<string, string | number> {
  const n = (key: keyof typeof DEFAULTS) => (typeof params[key] === "number" ? (params[key] as number) : DEFAULTS[key]);
  switch (kind) {
    case "volume_spike":
    case "negative_spike":
      return {
        factor: n("factor"),
        window: n("window_minutes"),
        min: n("min_mentions"),
        days: n("baseline_days"),
        share: Math.round(n("min_negative_share") * 100),
      };
    case "keyword": {
      const keywords = Array.isArray(params.keywords) ? params.keywords.filter((k): k is string => typeof k === "string") : [];
      return { keywords: keywords.join(", "), count: keywords.length };
    }
    case "high_reach":
      return { reach: n("min_reach") };
  }
}
