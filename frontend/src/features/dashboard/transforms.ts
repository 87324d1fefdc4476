/** From the API's MentionStats to what the dashboard's charts and tables draw. Pure. */
import type { components } from "@/lib/api/schema";

export type MentionStats = components["schemas"]["MentionStats"];
export type Interval = MentionStats["interval"];
export type Sentiment = "negative" | "neutral" | "positive";

export const SENTIMENTS: readonly Sentiment[] = ["negative", "neutral", "positive"];

export interface Period {
  id: string;
  days: number;
  interval: Interval;
}

/** Each period with the bucket size that gives a readable number of bars (24 to 90). */
export const PERIODS: readonly Period[] = [
  { id: "1", days: 1, interval: "hour" },
  { id: "7", days: 7, interval: "day" },
  { id: "30", days: 30, interval: "day" },
  { id: "90", days: 90, interval: "week" },
];
export const DEFAULT_PERIOD = PERIODS[2];

export function periodById(id: string | null | undefined): Period {
  return PERIODS.find((p) => p.id === id) ?? DEFAULT_PERIOD;
}

/**
 * The range to ask for, ending now. Rounded to the minute so that re-renders within the same
 * minute ask the same question (one query-cache entry).
 */
export function periodRange(period: Period, now: Date): { since: string; until: string; interval: Interval } {
  const until = Math.floor(now.getTime() / 60_000) * 60_000;
  const since = until - period.days * 86_400_000;
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString(), interval: period.interval };
}

/** A bucket's label in the workspace's time zone: "14:00" for hours, "5 May" for days/weeks. */
export function bucketLabel(bucket: string, interval: Interval, locale: string, timeZone: string): string {
  const date = new Date(bucket);
  const options: Intl.DateTimeFormatOptions =
    interval === "hour" ? { hour: "2-digit", minute: "2-digit", timeZone } : { day: "numeric", month: "short", timeZone };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export interface VolumeRow {
  bucket: string;
  label: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
}

export function volumeSeries(stats: MentionStats, locale: string): VolumeRow[] {
  return stats.volume.map((v) => ({
    bucket: v.bucket,
    label: bucketLabel(v.bucket, stats.interval, locale, stats.timezone),
    total: v.count,
    negative: v.negative,
    neutral: v.neutral,
    positive: v.positive,
  }));
}

export interface Slice {
  sentiment: Sentiment;
  count: number;
  /** 0..1 of the total. */
  share: number;
}

export function sentimentSlices(stats: MentionStats): Slice[] {
  const counts = SENTIMENTS.map((s) => stats.sentiment[s] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  return SENTIMENTS.map((sentiment, i) => ({ sentiment, count: counts[i], share: total ? counts[i] / total : 0 }));
}

/** Watches about the workspace's own brand compete with the competitor watches. */
const OWN_KINDS = ["brand", "product"];
export type VoiceSide = "own" | "competitor";

export interface VoiceRow {
  watchId: string;
  name: string;
  side: VoiceSide;
  count: number;
  share: number;
}

export interface ShareOfVoice {
  rows: VoiceRow[];
  own: number;
  competitor: number;
  hasCompetitor: boolean;
}

/**
 * Brand (and product) watches against competitor watches; sector and person watches are not
 * voices in that contest. Shares are recomputed among the watches kept.
 */
export function shareOfVoice(stats: MentionStats): ShareOfVoice {
  const kept = stats.share_of_voice.filter((w) => OWN_KINDS.includes(w.kind) || w.kind === "competitor");
  const total = kept.reduce((sum, w) => sum + w.count, 0);
  const rows: VoiceRow[] = kept
    .map((w) => ({
      watchId: w.watch_id,
      name: w.name,
      side: (w.kind === "competitor" ? "competitor" : "own") as VoiceSide,
      count: w.count,
      share: total ? w.count / total : 0,
    }))
    .sort((a, b) => Number(a.side === "competitor") - Number(b.side === "competitor") || b.count - a.count || a.name.localeCompare(b.name));
  const sum = (side: VoiceSide) => rows.filter((r) => r.side === side).reduce((s, r) => s + r.share, 0);
  return { rows, own: sum("own"), competitor: sum("competitor"), hasCompetitor: rows.some((r) => r.side === "competitor") };
}

/** The share of negative mentions (0..1), for the headline figure. */
export function negativeShare(stats: MentionStats): number {
  return sentimentSlices(stats).find((s) => s.sentiment === "negative")?.share ?? 0;
}

/** The busiest bucket, for the chart's text summary; null when nothing was said. */
export function peak(rows: VolumeRow[]): VolumeRow | null {
  return rows.reduce<VolumeRow | null>((best, r) => (r.total > (best?.total ?? 0) ? r : best), null);
}
