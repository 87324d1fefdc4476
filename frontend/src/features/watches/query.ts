/**
 * Pure helpers around the watch query text: placing the API's syntax error on the query
 * (`invalid_query` problems carry `position` and `length`) and adding an exclusion.
 */
import type { Problem } from "@/lib/problem";

export interface QueryErrorSpan {
  /** The text before the culprit, the culprit itself (may be empty), and what follows. */
  before: string;
  culprit: string;
  after: string;
  /** True when the error points past the end of the text (e.g. a missing ")"). */
  atEnd: boolean;
}

/**
 * Splits `query` (as typed in the field) around the error the API reported.
 *
 * The API strips surrounding whitespace before parsing and counts in Unicode code points
 * (Python string offsets), while JavaScript strings count UTF-16 units: both are accounted
 * for so the highlight lands on the right characters, emoji included.
 */
export function queryErrorSpan(query: string, position: number, length: number): QueryErrorSpan {
  const lead = query.length - query.trimStart().length;
  const points = Array.from(query.trimStart());
  const start = Math.min(Math.max(0, Math.trunc(position)), points.length);
  const end = Math.min(points.length, start + Math.max(0, Math.trunc(length)));
  const leadText = query.slice(0, lead);
  return {
    before: leadText + points.slice(0, start).join(""),
    culprit: points.slice(start, end).join(""),
    after: points.slice(end).join(""),
    atEnd: start >= points.length,
  };
}

export interface QueryError {
  message: string;
  position?: number;
  length?: number;
}

/** The error to place under the query field, from an API problem, if it is about the query. */
export function queryErrorFrom(problem: Problem | undefined): QueryError | undefined {
  if (!problem) return undefined;
  if (problem.code === "invalid_query") {
    const position = typeof problem.position === "number" ? problem.position : undefined;
    const length = typeof problem.length === "number" ? problem.length : undefined;
    return { message: problem.detail.replace(/^query:\s*/, ""), position, length };
  }
  const issue = problem.errors?.find((e) => e.loc[0] === "body" && e.loc[1] === "query");
  return issue ? { message: issue.msg } : undefined;
}

const QUOTES = "\"“”«»„";
const OPERATORS = new Set(["and", "et", "or", "ou", "not", "sauf"]);

/** True when `query` has an OR outside any parentheses or phrase (`a OR b`, `a ou b`). */
export function hasTopLevelOr(query: string): boolean {
  let depth = 0;
  let word = "";
  let inPhrase = false;
  const flush = () => {
    const found = depth === 0 && (word.toLowerCase() === "or" || word.toLowerCase() === "ou");
    word = "";
    return found;
  };
  for (const char of query) {
    if (inPhrase) {
      if (QUOTES.includes(char)) inPhrase = false;
      continue;
    }
    if (QUOTES.includes(char)) {
      if (flush()) return true;
      inPhrase = true;
    } else if (char === "(" || char === ")") {
      if (flush()) return true;
      depth = Math.max(0, depth + (char === "(" ? 1 : -1));
    } else if (/\s/.test(char)) {
      if (flush()) return true;
    } else {
      word += char;
    }
  }
  return flush();
}

/**
 * `query` with `-term` added so it excludes `term` from the whole query: `a OR b` becomes
 * `(a OR b) -term` (appending to the text would only narrow the last alternative), a phrase
 * or an operator word is quoted.
 */
export function addExclusion(query: string, term: string): string {
  const cleaned = Array.from(term)
    .map((c) => (QUOTES.includes(c) ? " " : c))
    .join("")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
  if (!cleaned) return query;
  const single = /^[\p{L}\p{N}_'’-]+$/u.test(cleaned) && !OPERATORS.has(cleaned.toLowerCase()) && !cleaned.startsWith("-");
  const excluded = single ? `-${cleaned}` : `-"${cleaned}"`;
  const base = query.trim();
  if (!base) return excluded;
  return hasTopLevelOr(base) ? `(${base}) ${excluded}` : `${base} ${excluded}`;
}
