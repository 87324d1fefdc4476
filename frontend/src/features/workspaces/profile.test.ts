import { describe, expect, it } from "vitest";

import { addTerms, timeZones, watchQueryFromProfile } from "./profile";

describe("addTerms", () => {
  it("adds trimmed terms and splits pasted lists", () => {
    expect(addTerms(["a"], "  b , c\nd;  ", 10).terms).toEqual(["a", "b", "c", "d"]);
  });
  it("skips duplicates case-insensitively and empty terms", () => {
    expect(addTerms(["Vigie"], "vigie, , VIGIE", 10).terms).toEqual(["Vigie"]);
  });
  it("stops at the maximum and reports terms too long", () => {
    const long = "x".repeat(101);
    const result = addTerms(["a", "b"], `c, d, ${long}`, 3);
    expect(result.terms).toEqual(["a", "b", "c"]);
    expect(result.tooLong).toEqual([long]);
  });
  it("collapses inner spaces", () => {
    expect(addTerms([], "l'oréal   paris", 5).terms).toEqual(["l'oréal paris"]);
  });
});

describe("watchQueryFromProfile", () => {
  it("quotes the brand and the keywords, joined with OR", () => {
    expect(watchQueryFromProfile("Acme Coffee", ["espresso", "acme café"])).toBe('"Acme Coffee" OR "espresso" OR "acme café"');
  });
  it("drops empty or symbol-only terms, inner quotes and duplicates", () => {
    expect(watchQueryFromProfile("", ["#", 'say "hi"', "Say hi"])).toBe('"say hi"');
    expect(watchQueryFromProfile("", [])).toBe("");
  });
});

describe("timeZones", () => {
  it("includes UTC and the current zone, sorted", () => {
    const zones = timeZones("Mars/Olympus_Mons");
    expect(zones).toContain("UTC");
    expect(zones).toContain("Mars/Olympus_Mons");
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });
});
