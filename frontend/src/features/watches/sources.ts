/**
 * A watch's sources as the form edits them, to and from the API's SourceSpec / SourceHealth.
 * Options by source (app/listening/watch_schemas.py): rss `url` or `engine`; mastodon
 * `instance` + optional `hashtag`; reddit optional `subreddit`; web `url`; youtube `api_key`
 * (write-only: the API only says whether one is set).
 */
import type { components } from "@/lib/api/schema";
import { sourceSpecEngineAnyOf0Values, sourceSpecSourceValues } from "@/lib/api/schema";

export type SourceSpec = components["schemas"]["SourceSpec"];
export type SourceHealth = components["schemas"]["SourceHealth"];
export type SourceName = SourceSpec["source"];
export type NewsEngine = NonNullable<SourceSpec["engine"]>;

export const SOURCES: readonly SourceName[] = sourceSpecSourceValues;
export const ENGINES: readonly NewsEngine[] = sourceSpecEngineAnyOf0Values.filter((e): e is NewsEngine => e !== null);

export interface SourceDraft {
  /** Stable React key. */
  key: string;
  source: SourceName;
  /** rss only: a feed URL of one's own, or a news search engine fed with the query. */
  rssMode: "url" | "engine";
  url: string;
  engine: NewsEngine;
  instance: string;
  hashtag: string;
  subreddit: string;
  /** A new YouTube API key; empty keeps the saved one (when `apiKeySet`). */
  apiKey: string;
  apiKeySet: boolean;
}

let counter = 0;
const nextKey = () => `src-${++counter}`;

export function newSourceDraft(source: SourceName = "rss", patch: Partial<SourceDraft> = {}): SourceDraft {
  return {
    key: nextKey(),
    source,
    rssMode: "url",
    url: "",
    engine: "google_news",
    instance: "",
    hashtag: "",
    subreddit: "",
    apiKey: "",
    apiKeySet: false,
    ...patch,
  };
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

export function draftFromHealth(health: Pick<SourceHealth, "source" | "options" | "api_key_set">): SourceDraft {
  const o = health.options;
  const source = (SOURCES as readonly string[]).includes(health.source) ? (health.source as SourceName) : "rss";
  const engine = str(o.engine);
  return newSourceDraft(source, {
    rssMode: source === "rss" && engine ? "engine" : "url",
    url: str(o.url),
    engine: (ENGINES as readonly string[]).includes(engine) ? (engine as NewsEngine) : "google_news",
    instance: str(o.instance),
    hashtag: str(o.hashtag),
    subreddit: str(o.subreddit),
    apiKeySet: health.api_key_set,
  });
}

/** What the draft lacks, as an i18n key of the watches namespace (`sourceErrors.*`). */
export type DraftProblem = "urlRequired" | "urlInvalid" | "instanceRequired" | "instanceInvalid" | "hashtagInvalid" | "subredditInvalid" | "apiKeyRequired" | "apiKeyShort";

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !!url.hostname;
  } catch {
    return false;
  }
}

/**
 * Problems the API would refuse, found before sending. `requireKey`: a YouTube key must be
 * typed again when the sources are replaced (the saved one cannot be read back).
 */
export function draftProblems(draft: SourceDraft, requireKey = true): Partial<Record<"url" | "instance" | "hashtag" | "subreddit" | "apiKey", DraftProblem>> {
  const out: Partial<Record<"url" | "instance" | "hashtag" | "subreddit" | "apiKey", DraftProblem>> = {};
  const url = draft.url.trim();
  if ((draft.source === "rss" && draft.rssMode === "url") || draft.source === "web") {
    if (!url) out.url = "urlRequired";
    else if (!isHttpUrl(url)) out.url = "urlInvalid";
  }
  if (draft.source === "mastodon") {
    const instance = draft.instance.trim();
    if (!instance) out.instance = "instanceRequired";
    else if (!isHttpUrl(normalizeInstance(instance))) out.instance = "instanceInvalid";
    if (draft.hashtag.trim() && !/^#?[\p{L}\p{N}_]{1,100}$/u.test(draft.hashtag.trim())) out.hashtag = "hashtagInvalid";
  }
  if (draft.source === "reddit" && draft.subreddit.trim() && !/^(r\/)?[A-Za-z0-9_]{2,21}$/.test(draft.subreddit.trim())) {
    out.subreddit = "subredditInvalid";
  }
  if (draft.source === "youtube") {
    const key = draft.apiKey.trim();
    if (!key && (requireKey || !draft.apiKeySet)) out.apiKey = "apiKeyRequired";
    else if (key && key.length < 10) out.apiKey = "apiKeyShort";
  }
  return out;
}

/** "mastodon.social" → "https://mastodon.social". */
export function normalizeInstance(value: string): string {
  const v = value.trim();
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
}

/** The API's SourceSpec for a draft (only the options of its source). */
export function draftToSpec(draft: SourceDraft): SourceSpec {
  const spec: SourceSpec = { source: draft.source };
  switch (draft.source) {
    case "rss":
      if (draft.rssMode === "engine") spec.engine = draft.engine;
      else spec.url = draft.url.trim();
      break;
    case "web":
      spec.url = draft.url.trim();
      break;
    case "mastodon":
      spec.instance = normalizeInstance(draft.instance);
      if (draft.hashtag.trim()) spec.hashtag = draft.hashtag.trim().replace(/^#/, "");
      break;
    case "reddit":
      if (draft.subreddit.trim()) spec.subreddit = draft.subreddit.trim().replace(/^r\//, "");
      break;
    case "youtube":
      if (draft.apiKey.trim()) spec.api_key = draft.apiKey.trim();
      break;
    default:
      break;
  }
  return spec;
}

/** A comparable signature of what a draft sends (the key excluded: it cannot be compared). */
function signature(draft: SourceDraft): string {
  const spec = draftToSpec(draft);
  delete spec.api_key;
  return JSON.stringify(spec, Object.keys(spec).sort());
}

/** True when the drafts differ from the saved sources (so the PATCH must send `sources`). */
export function sourcesChanged(saved: SourceDraft[], drafts: SourceDraft[]): boolean {
  if (saved.length !== drafts.length) return true;
  if (drafts.some((d) => d.apiKey.trim())) return true;
  return saved.some((s, i) => signature(s) !== signature(drafts[i]));
}

/** A short description of a source's options, e.g. the feed's host or the instance. */
export function sourceDetail(options: Record<string, unknown>): string {
  const url = str(options.url);
  if (url) {
    try {
      const u = new URL(url);
      return `${u.hostname}${u.pathname === "/" ? "" : u.pathname}`;
    } catch {
      return url;
    }
  }
  const parts: string[] = [];
  if (str(options.instance)) parts.push(str(options.instance).replace(/^https?:\/\//, ""));
  if (str(options.hashtag)) parts.push(`#${str(options.hashtag)}`);
  if (str(options.subreddit)) parts.push(`r/${str(options.subreddit)}`);
  return parts.join(" ");
}

/** The API's validation messages about each source, by the source's index in the list. */
export function sourceErrorsFrom(errors: { loc: (string | number)[]; msg: string }[] | undefined): Record<number, string> {
  const out: Record<number, string> = {};
  for (const e of errors ?? []) {
    const at = e.loc[0] === "body" ? 1 : 0;
    if (e.loc[at] !== "sources" || typeof e.loc[at + 1] !== "number") continue;
    const index = e.loc[at + 1] as number;
    const field = e.loc.slice(at + 2).filter((p) => typeof p === "string").join(".");
    const message = e.msg.replace(/^Value error,\s*/, "");
    const text = field ? `${field}: ${message}` : message;
    out[index] = out[index] ? `${out[index]} ${text}` : text;
  }
  return out;
}
