/**
 * The inbox's filters live in the URL (shareable, the back button works). These pure
 * functions map URL search params ↔ filters ↔ the API's query (mentions-list_mentions).
 */
import type { paths } from "@/lib/api/schema";
import { mentionStatusValues, sentimentLabelValues } from "@/lib/api/schema";

export type MentionsQuery = NonNullable<paths["/api/v1/workspaces/{workspace_id}/mentions"]["get"]["parameters"]["query"]>;
export type MentionStatus = (typeof mentionStatusValues)[number];
export type SentimentLabel = (typeof sentimentLabelValues)[number];
export type Sort = "date" | "reach";

export interface InboxFilters {
  q: string;
  watch: string;
  sources: string[];
  sentiments: SentimentLabel[];
  langs: string[];
  statuses: MentionStatus[];
  /** "" anyone, "me", "none" (unassigned) or a user id. */
  assignee: string;
  tags: string[];
  /** Calendar days (YYYY-MM-DD) in the workspace's time zone, both inclusive. */
  since: string;
  until: string;
  sort: Sort;
  group: boolean;
}

export const EMPTY_FILTERS: InboxFilters = {
  q: "",
  watch: "",
  sources: [],
  sentiments: [],
  langs: [],
  statuses: [],
  assignee: "",
  tags: [],
  since: "",
  until: "",
  sort: "date",
  group: false,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unique = <T>(values: T[]): T[] => [...new Set(values)];
const oneOf = <T extends string>(allowed: readonly T[]) => (v: string): v is T => allowed.includes(v as T);

/** Lowercase, trimmed, blanks collapsed, unique: the API's own tag spelling. */
export function normaliseTags(values: string[]): string[] {
  return unique(values.map((t) => t.split(/\s+/).filter(Boolean).join(" ").toLowerCase()).filter(Boolean));
}

/** "a, b ,c" → ["a","b","c"] (tags typed in one field). */
export function splitList(text: string): string[] {
  return normaliseTags(text.split(","));
}

/** Reads the URL; anything unknown or malformed is ignored rather than sent to the API. */
export function parseFilters(params: URLSearchParams): InboxFilters {
  const all = (key: string) => unique(params.getAll(key).map((v) => v.trim()).filter(Boolean));
  const assignee = params.get("assignee") ?? "";
  const day = (key: string) => {
    const v = params.get(key) ?? "";
    return DAY.test(v) ? v : "";
  };
  const watch = params.get("watch") ?? "";
  return {
    q: (params.get("q") ?? "").trim(),
    watch: UUID.test(watch) ? watch : "",
    sources: all("source"),
    sentiments: all("sentiment").filter(oneOf(sentimentLabelValues)),
    langs: all("lang").map((l) => l.toLowerCase()),
    statuses: all("status").filter(oneOf(mentionStatusValues)),
    assignee: assignee === "me" || assignee === "none" || UUID.test(assignee) ? assignee : "",
    tags: normaliseTags(params.getAll("tag")),
    since: day("since"),
    until: day("until"),
    sort: params.get("sort") === "reach" ? "reach" : "date",
    group: params.get("group") === "1",
  };
}

/** The URL for these filters: only what differs from the defaults, in a stable order. */
export function filtersToParams(f: InboxFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.watch) p.set("watch", f.watch);
  f.sources.forEach((v) => p.append("source", v));
  f.sentiments.forEach((v) => p.append("sentiment", v));
  f.langs.forEach((v) => p.append("lang", v));
  f.statuses.forEach((v) => p.append("status", v));
  if (f.assignee) p.set("assignee", f.assignee);
  f.tags.forEach((v) => p.append("tag", v));
  if (f.since) p.set("since", f.since);
  if (f.until) p.set("until", f.until);
  if (f.sort !== "date") p.set("sort", f.sort);
  if (f.group) p.set("group", "1");
  return p;
}

/** How many filters narrow the list (search and sort excluded): shown on the disclosure. */
export function activeFilterCount(f: InboxFilters): number {
  return [
    f.watch,
    f.sources.length,
    f.sentiments.length,
    f.langs.length,
    f.statuses.length,
    f.assignee,
    f.tags.length,
    f.since || f.until,
  ].filter(Boolean).length;
}

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return local - Math.floor(instant / 1000) * 1000;
}

/** The instant (ISO, UTC) a calendar day starts in `timeZone`; `plusDays` shifts the day. */
export function startOfDay(day: string, timeZone: string, plusDays = 0): string {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d + plusDays);
  let instant = wall - zoneOffset(wall, timeZone);
  // Once more, in case the offset changed between the guess and the answer (DST).
  instant = wall - zoneOffset(instant, timeZone);
  return new Date(instant).toISOString();
}

/**
 * The API query of these filters. Days are read in the workspace's time zone; `until` is
 * inclusive in the UI, so the API gets the start of the next day (its bound is exclusive).
 */
export function toApiQuery(f: InboxFilters, timeZone = "UTC"): MentionsQuery {
  const query: MentionsQuery = { sort: f.sort };
  if (f.q) query.q = f.q;
  if (f.watch) query.watch_id = f.watch;
  if (f.sources.length) query.source = f.sources;
  if (f.sentiments.length) query.sentiment = f.sentiments;
  if (f.langs.length) query.lang = f.langs;
  if (f.statuses.length) query.status = f.statuses;
  if (f.assignee === "me" || f.assignee === "none") query.assignee = f.assignee;
  else if (f.assignee) query.assignee_id = f.assignee;
  if (f.tags.length) query.tag = f.tags;
  if (f.since) query.since = startOfDay(f.since, timeZone);
  if (f.until) query.until = startOfDay(f.until, timeZone, 1);
  if (f.group) query.group = true;
  return query;
}

/** The same query as a query string (for the CSV export, which has no `group`). */
export function toQueryString(query: MentionsQuery): string {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === "group" || key === "cursor" || key === "limit" || value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((v) => p.append(key, String(v)));
    else p.set(key, String(value));
  }
  return p.toString();
}
