/** What an alert measured (AlertRead.details: the facts), as labelled values to display. */
import type { AlertKind } from "./rules";

export type Fact =
  | { key: string; kind: "number"; value: number }
  | { key: string; kind: "percent"; value: number }
  | { key: string; kind: "list"; value: string[] };

/** The facts each kind records, in reading order (app/alerts/detection.py, service.py). */
const ORDER: Record<AlertKind, string[]> = {
  volume_spike: ["count", "baseline", "threshold", "factor", "window_minutes"],
  negative_spike: ["count", "total", "negative_share", "baseline", "threshold", "factor", "window_minutes"],
  keyword: ["count", "keywords"],
  high_reach: ["count", "max_reach", "min_reach", "authors"],
};

export function factEntries(kind: AlertKind, details: Record<string, unknown>): Fact[] {
  // The API answers the facts themselves; older answers nested them under `facts`.
  const nested = details.facts;
  const facts = nested && typeof nested === "object" && !Array.isArray(nested) ? (nested as Record<string, unknown>) : details;
  const out: Fact[] = [];
  for (const key of ORDER[kind] ?? []) {
    const value = facts[key];
    if (Array.isArray(value)) {
      const items = value.filter((v): v is string => typeof v === "string");
      if (items.length) out.push({ key, kind: "list", value: items });
    } else if (typeof value === "number" && Number.isFinite(value)) {
      out.push(key === "negative_share" ? { key, kind: "percent", value: Math.round(value * 1000) / 10 } : { key, kind: "number", value });
    }
  }
  return out;
}
