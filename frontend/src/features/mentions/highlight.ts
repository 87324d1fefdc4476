/**
 * Search terms highlighted in a mention. The API gives no highlights, so the positive terms
 * of the web-search syntax (`"phrase"`, `or`, `-word`) are found again here, ignoring case
 * and accents as PostgreSQL's unaccent search does.
 */

/** The words and phrases a search looks for (excluded `-terms` and `or` left out). */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of q.matchAll(pattern)) {
    const [, minus, phrase, word] = match;
    if (phrase !== undefined) {
      if (!minus && phrase.trim()) terms.push(phrase.trim());
      continue;
    }
    if (!word || word.startsWith("-") || word.toLowerCase() === "or") continue;
    const clean = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (clean) terms.push(clean);
  }
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

/** One character folded (lowercase, no accent), always one code point long. */
function fold(char: string): string {
  const folded = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return Array.from(folded)[0] ?? char;
}

export interface Part {
  text: string;
  match: boolean;
}

/** `text` cut into matching and non-matching parts, in order. */
export function highlightParts(text: string, terms: string[]): Part[] {
  const chars = Array.from(text);
  if (!terms.length || !chars.length) return chars.length ? [{ text, match: false }] : [];
  const folded = chars.map(fold);
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const needle = Array.from(term).map(fold);
    if (!needle.length) continue;
    for (let i = 0; i + needle.length <= folded.length; i++) {
      if (needle.every((c, j) => folded[i + j] === c)) marked.fill(true, i, i + needle.length);
    }
  }
  const parts: Part[] = [];
  chars.forEach((c, i) => {
    const last = parts[parts.length - 1];
    if (last && last.match === marked[i]) last.text += c;
    else parts.push({ text: c, match: marked[i] });
  });
  return parts;
}

/** A window of `text` around the first match, so long articles show why they matched. */
export function excerpt(text: string, terms: string[], size = 280): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(clean);
  if (chars.length <= size) return clean;
  const parts = highlightParts(clean, terms);
  let start = 0;
  let offset = 0;
  for (const part of parts) {
    if (part.match) {
      start = Math.max(0, offset - Math.floor(size / 3));
      break;
    }
    offset += Array.from(part.text).length;
  }
  const end = Math.min(chars.length, start + size);
  start = Math.max(0, end - size);
  return `${start > 0 ? "…" : ""}${chars.slice(start, end).join("").trim()}${end < chars.length ? "…" : ""}`;
}
