import { describe, expect, it } from "vitest";

import { factEntries } from "./facts";
import {
  apiFieldErrors,
  createBody,
  draftFromRule,
  paramsFromDraft,
  splitEmails,
  splitKeywords,
  summaryValues,
  updateBody,
  validateDraft,
  type AlertRuleRead,
} from "./rules";

const rule = (patch: Partial<AlertRuleRead> = {}): AlertRuleRead => ({
  id: "r1",
  workspace_id: "w1",
  name: "Bad buzz",
  kind: "negative_spike",
  watch_id: null,
  params: { window_minutes: 30, factor: 2.5, min_mentions: 5, baseline_days: 14, min_negative_share: 0.35 },
  notify_emails: ["ana@agence.fr"],
  slack_webhook_set: true,
  notify_webhooks: false,
  cooldown_minutes: 120,
  enabled: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  ...patch,
});

describe("draftFromRule / paramsFromDraft", () => {
  it("starts a new rule with the API's defaults", () => {
    const draft = draftFromRule();
    expect(draft.kind).toBe("negative_spike");
    expect(paramsFromDraft(draft)).toEqual({ window_minutes: 60, factor: 3, min_mentions: 10, baseline_days: 7, min_negative_share: 0.4 });
  });

  it("round-trips a saved rule's params (share shown as a percentage)", () => {
    const draft = draftFromRule(rule());
    expect(draft.minNegativeShare).toBe("35");
    expect(paramsFromDraft(draft)).toEqual(rule().params);
  });

  it("sends only the params of the kind", () => {
    expect(paramsFromDraft({ ...draftFromRule(), kind: "volume_spike" })).toEqual({ window_minutes: 60, factor: 3, min_mentions: 10, baseline_days: 7 });
    expect(paramsFromDraft({ ...draftFromRule(), kind: "keyword", keywords: "arnaque, Scandale\nscandale\n bad  buzz " })).toEqual({
      keywords: ["arnaque", "Scandale", "bad buzz"],
    });
    expect(paramsFromDraft({ ...draftFromRule(), kind: "high_reach", minReach: "50000" })).toEqual({ min_reach: 50000 });
  });

  it("accepts a decimal comma", () => {
    expect(paramsFromDraft({ ...draftFromRule(), kind: "volume_spike", factor: "2,5" }).factor).toBe(2.5);
  });
});

describe("bodies", () => {
  it("creates with every field, the Slack URL only when given", () => {
    const body = createBody({ ...draftFromRule(), name: " Bad buzz ", emails: "a@x.fr; b@x.fr  a@x.fr", watchId: "w9" });
    expect(body).toMatchObject({ name: "Bad buzz", kind: "negative_spike", watch_id: "w9", notify_emails: ["a@x.fr", "b@x.fr"], cooldown_minutes: 60 });
    expect("slack_webhook" in body).toBe(false);
  });

  it("keeps, replaces or removes the saved Slack webhook", () => {
    const draft = draftFromRule(rule());
    expect("slack_webhook" in updateBody(draft)).toBe(false);
    expect(updateBody({ ...draft, slackWebhook: "https://hooks.example/x" }).slack_webhook).toBe("https://hooks.example/x");
    expect(updateBody({ ...draft, removeSlack: true }).slack_webhook).toBeNull();
    expect(updateBody(draft).watch_id).toBeNull();
    expect("kind" in updateBody(draft)).toBe(false);
  });
});

describe("validateDraft", () => {
  it("accepts the defaults once named", () => {
    expect(validateDraft({ ...draftFromRule(), name: "Bad buzz" })).toEqual({});
  });

  it("checks the API's bounds", () => {
    const errors = validateDraft({ ...draftFromRule(), name: "", factor: "1", windowMinutes: "10", baselineDays: "31", minNegativeShare: "120", cooldownMinutes: "0" });
    expect(Object.keys(errors).sort()).toEqual(["baselineDays", "cooldownMinutes", "factor", "minNegativeShare", "name", "windowMinutes"]);
    expect(errors.factor).toEqual({ key: "errors.numberRange", values: { min: 1.5, max: 100 } });
  });

  it("checks keywords, emails and the webhook URL", () => {
    const base = { ...draftFromRule(), name: "x", kind: "keyword" as const };
    expect(validateDraft(base).keywords?.key).toBe("errors.keywordsRequired");
    expect(validateDraft({ ...base, keywords: "!!!" }).keywords?.key).toBe("errors.keywordInvalid");
    expect(validateDraft({ ...base, keywords: "ok", emails: "ana@agence.fr, nope" }).emails).toEqual({ key: "errors.emailInvalid", values: { email: "nope" } });
    expect(validateDraft({ ...base, keywords: "ok", slackWebhook: "hooks.slack.com" }).slackWebhook?.key).toBe("errors.urlInvalid");
  });
});

describe("lists", () => {
  it("splits keywords on lines and commas, keeping phrases", () => {
    expect(splitKeywords("bad buzz,arnaque\n\nARNAQUE")).toEqual(["bad buzz", "arnaque"]);
  });
  it("splits emails on any separator", () => {
    expect(splitEmails("a@x.fr b@x.fr,\nc@x.fr;")).toEqual(["a@x.fr", "b@x.fr", "c@x.fr"]);
  });
});

describe("apiFieldErrors", () => {
  it("places the API's issues on the form's fields", () => {
    expect(
      apiFieldErrors([
        { loc: ["body", "params", "factor"], msg: "Input should be greater than or equal to 1.5" },
        { loc: ["body", "notify_emails", 1], msg: "value is not a valid email address" },
        { loc: ["body", "watch_id"], msg: "not a watch of this workspace" },
        { loc: ["body", "params", "keywords", 0], msg: "String should match pattern" },
      ]),
    ).toEqual({
      factor: "Input should be greater than or equal to 1.5",
      emails: "value is not a valid email address",
      other: "not a watch of this workspace",
      keywords: "String should match pattern",
    });
  });
});

describe("summaryValues", () => {
  it("fills the defaults in", () => {
    expect(summaryValues("volume_spike", {})).toEqual({ factor: 3, window: 60, min: 10, days: 7, share: 40 });
    expect(summaryValues("keyword", { keywords: ["a", "b"] })).toEqual({ keywords: "a, b", count: 2 });
    expect(summaryValues("high_reach", { min_reach: 5000 })).toEqual({ reach: 5000 });
  });
});

describe("factEntries", () => {
  it("lists what was measured in reading order", () => {
    expect(
      factEntries("negative_spike", { facts: { count: 14, baseline: 2.5, threshold: 10, factor: 3, window_minutes: 60, total: 20, negative_share: 0.7 } }),
    ).toEqual([
      { key: "count", kind: "number", value: 14 },
      { key: "total", kind: "number", value: 20 },
      { key: "negative_share", kind: "percent", value: 70 },
      { key: "baseline", kind: "number", value: 2.5 },
      { key: "threshold", kind: "number", value: 10 },
      { key: "factor", kind: "number", value: 3 },
      { key: "window_minutes", kind: "number", value: 60 },
    ]);
    expect(factEntries("keyword", { count: 2, keywords: ["arnaque"] })).toEqual([
      { key: "count", kind: "number", value: 2 },
      { key: "keywords", kind: "list", value: ["arnaque"] },
    ]);
    expect(factEntries("high_reach", {})).toEqual([]);
  });
});
