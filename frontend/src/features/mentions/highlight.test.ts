import { describe, expect, it } from "vitest";

import { excerpt, highlightParts, searchTerms } from "./highlight";

describe("searchTerms", () => {
  it("keeps words and phrases, drops exclusions and `or`", () => {
    expect(searchTerms('café "bad buzz" -promo or soleil -"hors sujet"')).toEqual(["bad buzz", "soleil", "café"]);
  });

  it("ignores punctuation around words and empty phrases", () => {
    expect(searchTerms('(Vigie), "" OR')).toEqual(["Vigie"]);
  });
});

describe("highlightParts", () => {
  it("marks matches ignoring case and accents", () => {
    expect(highlightParts("Le Cafe soleil, le CAFÉ!", ["café"])).toEqual([
      { text: "Le ", match: false },
      { text: "Cafe", match: true },
      { text: " soleil, le ", match: false },
      { text: "CAFÉ", match: true },
      { text: "!", match: false },
    ]);
  });

  it("merges overlapping terms and leaves text without terms whole", () => {
    expect(highlightParts("bad buzz", ["bad buzz", "buzz"])).toEqual([{ text: "bad buzz", match: true }]);
    expect(highlightParts("rien", [])).toEqual([{ text: "rien", match: false }]);
    expect(highlightParts("", ["x"])).toEqual([]);
  });
});

describe("excerpt", () => {
  it("keeps short texts, collapsing blanks", () => {
    expect(excerpt("a\n\n b", [])).toBe("a b");
  });

  it("centres long texts on the first match", () => {
    const text = `${"x ".repeat(300)}needle${" y".repeat(300)}`;
    const cut = excerpt(text, ["needle"], 100);
    expect(cut).toContain("needle");
    expect(cut.startsWith("…")).toBe(true);
    expect(cut.endsWith("…")).toBe(true);
  });
});
