import { describe, expect, it } from "vitest";

import { addExclusion, hasTopLevelOr, queryErrorFrom, queryErrorSpan } from "./query";

describe("queryErrorSpan", () => {
  it("splits around the culprit", () => {
    expect(queryErrorSpan("vigie AND", 6, 3)).toEqual({ before: "vigie ", culprit: "AND", after: "", atEnd: false });
  });

  it("points past the end for a missing closing parenthesis", () => {
    const span = queryErrorSpan("(vigie OR veille", 16, 0);
    expect(span).toEqual({ before: "(vigie OR veille", culprit: "", after: "", atEnd: true });
  });

  it("accounts for the leading whitespace the API strips", () => {
    const span = queryErrorSpan("  vigie )", 6, 1);
    expect(span.before).toBe("  vigie ");
    expect(span.culprit).toBe(")");
  });

  it("counts code points like the API, not UTF-16 units", () => {
    // 😀 is one code point but two UTF-16 units.
    const span = queryErrorSpan("😀 café -", 7, 1);
    expect(span.before).toBe("😀 café ");
    expect(span.culprit).toBe("-");
  });

  it("clamps positions and lengths outside the text", () => {
    expect(queryErrorSpan("abc", 10, 5)).toEqual({ before: "abc", culprit: "", after: "", atEnd: true });
    expect(queryErrorSpan("abc", -3, 2)).toEqual({ before: "", culprit: "ab", after: "c", atEnd: false });
    expect(queryErrorSpan("abc", 1, 99).culprit).toBe("bc");
  });

  it("covers an unclosed phrase to the end", () => {
    const q = 'vigie "bad buzz';
    const span = queryErrorSpan(q, 6, q.length - 6);
    expect(span.culprit).toBe('"bad buzz');
  });
});

describe("queryErrorFrom", () => {
  it("reads invalid_query problems with their span", () => {
    const error = queryErrorFrom({
      title: "Invalid request",
      status: 422,
      detail: "query: Unexpected ')': there is no '(' for it to close",
      code: "invalid_query",
      position: 6,
      length: 1,
    });
    expect(error).toEqual({ message: "Unexpected ')': there is no '(' for it to close", position: 6, length: 1 });
  });

  it("reads a validation issue on the query field", () => {
    const error = queryErrorFrom({
      title: "Invalid request",
      status: 422,
      detail: "body.query: too short",
      code: "validation_error",
      errors: [{ loc: ["body", "query"], msg: "String should have at least 1 character", type: "string_too_short" }],
    });
    expect(error).toEqual({ message: "String should have at least 1 character" });
  });

  it("ignores problems about something else", () => {
    expect(queryErrorFrom({ title: "x", status: 402, detail: "Plan limit", code: "plan_limit" })).toBeUndefined();
    expect(queryErrorFrom(undefined)).toBeUndefined();
  });
});

describe("hasTopLevelOr", () => {
  it("finds OR outside parentheses and phrases", () => {
    expect(hasTopLevelOr("vigie OR veille")).toBe(true);
    expect(hasTopLevelOr("vigie ou veille")).toBe(true);
    expect(hasTopLevelOr("(vigie OR veille) agence")).toBe(false);
    expect(hasTopLevelOr('"vigie or veille"')).toBe(false);
    expect(hasTopLevelOr("vigie orange")).toBe(false);
    expect(hasTopLevelOr("(a) OR(b)")).toBe(true);
  });
});

describe("addExclusion", () => {
  it("appends -term to a simple query", () => {
    expect(addExclusion("vigie agence", "foot")).toBe("vigie agence -foot");
  });

  it("wraps a top-level OR so the exclusion applies to every alternative", () => {
    expect(addExclusion("vigie OR veille", "foot")).toBe("(vigie OR veille) -foot");
  });

  it("quotes phrases and operator words", () => {
    expect(addExclusion("vigie", "coupe du monde")).toBe('vigie -"coupe du monde"');
    expect(addExclusion("vigie", "or")).toBe('vigie -"or"');
    expect(addExclusion("vigie", '"bad buzz"')).toBe('vigie -"bad buzz"');
  });

  it("keeps accented words and handles empty input", () => {
    expect(addExclusion("  café ", "télé")).toBe("café -télé");
    expect(addExclusion("vigie", "  ")).toBe("vigie");
    expect(addExclusion("", "foot")).toBe("-foot");
  });
});
