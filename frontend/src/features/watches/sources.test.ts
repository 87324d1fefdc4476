import { describe, expect, it } from "vitest";

import { draftFromHealth, draftProblems, draftToSpec, newSourceDraft, sourceDetail, sourceErrorsFrom, sourcesChanged } from "./sources";

describe("draftToSpec", () => {
  it("sends only the options of the chosen source", () => {
    expect(draftToSpec(newSourceDraft("rss", { rssMode: "engine", engine: "bing_news", url: "https://x.test/feed" }))).toEqual({
      source: "rss",
      engine: "bing_news",
    });
    expect(draftToSpec(newSourceDraft("rss", { url: " https://x.test/feed.xml " }))).toEqual({ source: "rss", url: "https://x.test/feed.xml" });
    expect(draftToSpec(newSourceDraft("mastodon", { instance: "mastodon.social", hashtag: "#vigie" }))).toEqual({
      source: "mastodon",
      instance: "https://mastodon.social",
      hashtag: "vigie",
    });
    expect(draftToSpec(newSourceDraft("reddit", { subreddit: "r/france" }))).toEqual({ source: "reddit", subreddit: "france" });
    expect(draftToSpec(newSourceDraft("youtube", { apiKeySet: true }))).toEqual({ source: "youtube" });
    expect(draftToSpec(newSourceDraft("hackernews", { url: "ignored" }))).toEqual({ source: "hackernews" });
  });
});

describe("draftProblems", () => {
  it("requires what the API requires", () => {
    expect(draftProblems(newSourceDraft("rss"))).toEqual({ url: "urlRequired" });
    expect(draftProblems(newSourceDraft("rss", { url: "example.com/feed" }))).toEqual({ url: "urlInvalid" });
    expect(draftProblems(newSourceDraft("rss", { rssMode: "engine" }))).toEqual({});
    expect(draftProblems(newSourceDraft("web"))).toEqual({ url: "urlRequired" });
    expect(draftProblems(newSourceDraft("mastodon"))).toEqual({ instance: "instanceRequired" });
    expect(draftProblems(newSourceDraft("mastodon", { instance: "mastodon.social", hashtag: "two words" }))).toEqual({ hashtag: "hashtagInvalid" });
    expect(draftProblems(newSourceDraft("reddit", { subreddit: "a" }))).toEqual({ subreddit: "subredditInvalid" });
    expect(draftProblems(newSourceDraft("bluesky"))).toEqual({});
  });

  it("asks for a YouTube key again only when the sources are replaced", () => {
    const saved = newSourceDraft("youtube", { apiKeySet: true });
    expect(draftProblems(saved, false)).toEqual({});
    expect(draftProblems(saved, true)).toEqual({ apiKey: "apiKeyRequired" });
    expect(draftProblems({ ...saved, apiKey: "short" }, true)).toEqual({ apiKey: "apiKeyShort" });
  });
});

describe("draftFromHealth / sourcesChanged", () => {
  const health = [
    { source: "rss", options: { engine: "google_news" }, api_key_set: false },
    { source: "mastodon", options: { instance: "https://mastodon.social", hashtag: "vigie" }, api_key_set: false },
    { source: "youtube", options: {}, api_key_set: true },
  ];

  it("round-trips saved sources unchanged", () => {
    const drafts = health.map(draftFromHealth);
    expect(drafts[0].rssMode).toBe("engine");
    expect(drafts[2].apiKeySet).toBe(true);
    expect(sourcesChanged(health.map(draftFromHealth), drafts)).toBe(false);
  });

  it("sees edits, additions, removals and new keys", () => {
    const saved = health.map(draftFromHealth);
    expect(sourcesChanged(saved, saved.slice(0, 2))).toBe(true);
    expect(sourcesChanged(saved, saved.map((d, i) => (i === 1 ? { ...d, hashtag: "other" } : d)))).toBe(true);
    expect(sourcesChanged(saved, saved.map((d, i) => (i === 2 ? { ...d, apiKey: "a-new-key-123" } : d)))).toBe(true);
    expect(sourcesChanged(saved, saved.map((d, i) => (i === 0 ? { ...d, engine: "bing_news" as const } : d)))).toBe(true);
  });
});

describe("sourceErrorsFrom", () => {
  it("groups the API's issues by source index", () => {
    expect(
      sourceErrorsFrom([
        { loc: ["body", "sources", 1], msg: "Value error, source 'web' needs 'url'" },
        { loc: ["body", "sources", 0, "url"], msg: "Input should be a valid URL" },
        { loc: ["body", "name"], msg: "required" },
      ]),
    ).toEqual({ 0: "url: Input should be a valid URL", 1: "source 'web' needs 'url'" });
    expect(sourceErrorsFrom(undefined)).toEqual({});
  });
});

describe("sourceDetail", () => {
  it("describes feeds and instances briefly", () => {
    expect(sourceDetail({ url: "https://news.example.com/feed.xml" })).toBe("news.example.com/feed.xml");
    expect(sourceDetail({ url: "https://example.com/" })).toBe("example.com");
    expect(sourceDetail({ instance: "https://mastodon.social", hashtag: "vigie" })).toBe("mastodon.social #vigie");
    expect(sourceDetail({ subreddit: "france" })).toBe("r/france");
    expect(sourceDetail({ engine: "google_news" })).toBe("");
  });
});
