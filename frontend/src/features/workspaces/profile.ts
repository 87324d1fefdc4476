/** Pure helpers of the workspace profile: tag lists, time zones, the first watch's query. */

export const MAX_TERM_LENGTH = 100;

/**
 * Adds what was typed (one term, or several separated by commas or new lines, as when
 * pasting a list) to `terms`: trimmed, empty and duplicate (case-insensitive) terms skipped,
 * cut at `max` terms. Returns the new list and the terms that were too long to add.
 */
export function addTerms(terms: readonly string[], typed: string, max: number): { terms: string[]; tooLong: string[] } {
  const next = [...terms];
  const tooLong: string[] = [];
  const seen = new Set(terms.map((t) => t.toLocaleLowerCase()));
  for (const raw of typed.split(/[,\n;]/)) {
    const term = raw.replace(/\s+/g, " ").trim();
    if (!term) continue;
    if (term.length > MAX_TERM_LENGTH) {
      tooLong.push(term);
      continue;
    }
    const folded = term.toLocaleLowerCase();
    if (seen.has(folded) || next.length >= max) continue;
    seen.add(folded);
    next.push(term);
  }
  return { terms: next, tooLong };
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/Paris";
  } catch {
    return "Europe/Paris";
  }
}

/** IANA time zones the browser knows, always including `current` (and UTC). */
export function timeZones(current?: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = ["Europe/Paris", "Europe/London", "America/New_York"];
  }
  const all = new Set(zones);
  all.add("UTC");
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}

function quote(term: string): string | null {
  const clean = term.replace(/["\u201c\u201d]/g, " ").replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(clean) ? `"${clean}"` : null;
}

/**
 * The first watch's query from the profile: the brand and the keywords, each quoted (a
 * phrase), joined with OR, e.g. `"Brand" OR "keyword"`. Empty when there is nothing to watch.
 */
export function watchQueryFromProfile(brand: string, keywords: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const term of [brand, ...keywords]) {
    const quoted = quote(term);
    if (!quoted || seen.has(quoted.toLocaleLowerCase())) continue;
    seen.add(quoted.toLocaleLowerCase());
    parts.push(quoted);
  }
  return parts.join(" OR ");
}
