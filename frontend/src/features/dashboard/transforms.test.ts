import { describe, expect, it } from "vitest";

import {
  bucketLabel,
  negativeShare,
  peak,
  periodById,
  periodRange,
  sentimentSlices,
  shareOfVoice,
  volumeSeries,
  type MentionStats,
} from "./transforms";

const stats = (over: Partial<MentionStats> = {}): MentionStats => ({
  since: "2024-05-01T00:00:00Z",
  until: "2024-05-04T00:00:00Z",
  interval: "day",
  timezone: "Europe/Paris",
  total: 10,
  volume: [
    { bucket: "2024-05-01T00:00:00+02:00", count: 6, negative: 3, neutral: 2, positive: 1 },
    { bucket: "2024-05-02T00:00:00+02:00", count: 0, negative: 0, neutral: 0, positive: 0 },
    { bucket: "2024-05-03T00:00:00+02:00", count: 4, negative: 1, neutral: 1, positive: 2 },
  ],
  sentiment: { negative: 4, neutral: 3, positive: 3 },
  share_of_voice: [],
  top_sources: [],
  top_authors: [],
  ...over,
});

describe("periods", () => {
  it("picks an interval that fits the period, 30 days by default", () => {
    expect(periodById("1").interval).toBe("hour");
    expect(periodById("7").interval).toBe("day");
    expect(periodById("90").interval).toBe("week");
    expect(periodById("nope").id).toBe("30");
    expect(periodById(null).id).toBe("30");
  });

  it("ends now, rounded to the minute", () => {
    const range = periodRange(periodById("7"), new Date("2024-05-10T12:34:56.789Z"));
    expect(range).toEqual({ since: "2024-05-03T12:34:00.000Z", until: "2024-05-10T12:34:00.000Z", interval: "day" });
  });
});

describe("volumeSeries", () => {
  it("labels buckets in the workspace's time zone", () => {
    const rows = volumeSeries(stats(), "en");
    expect(rows.map((r) => r.label)).toEqual(["May 1", "May 2", "May 3"]);
    expect(rows[0]).toMatchObject({ total: 6, negative: 3, neutral: 2, positive: 1 });
  });

  it("labels hours", () => {
    expect(bucketLabel("2024-05-01T14:00:00+02:00", "hour", "fr", "Europe/Paris")).toBe("14:00");
    expect(bucketLabel("2024-05-01T14:00:00+02:00", "day", "fr", "Europe/Paris")).toBe("1 mai");
  });

  it("finds the peak, none when all is quiet", () => {
    expect(peak(volumeSeries(stats(), "en"))?.label).toBe("May 1");
    expect(peak([])).toBeNull();
    expect(peak(volumeSeries(stats({ volume: [{ bucket: "2024-05-01T00:00:00Z", count: 0, negative: 0, neutral: 0, positive: 0 }] }), "en"))).toBeNull();
  });
});

describe("sentimentSlices", () => {
  it("gives every label in a fixed order with its share", () => {
    expect(sentimentSlices(stats())).toEqual([
      { sentiment: "negative", count: 4, share: 0.4 },
      { sentiment: "neutral", count: 3, share: 0.3 },
      { sentiment: "positive", count: 3, share: 0.3 },
    ]);
    expect(negativeShare(stats())).toBe(0.4);
  });

  it("copes with no mention and missing labels", () => {
    expect(sentimentSlices(stats({ sentiment: {} }))).toEqual([
      { sentiment: "negative", count: 0, share: 0 },
      { sentiment: "neutral", count: 0, share: 0 },
      { sentiment: "positive", count: 0, share: 0 },
    ]);
  });
});

describe("shareOfVoice", () => {
  const sov = (kind: string, name: string, count: number) => ({ watch_id: name, name, kind, count, share: 0 });

  it("puts own watches first, then competitors, shares among them only", () => {
    const result = shareOfVoice(
      stats({ share_of_voice: [sov("competitor", "Rival", 30), sov("sector", "Coffee", 100), sov("brand", "Soleil", 60), sov("product", "Latte", 10)] }),
    );
    expect(result.rows.map((r) => [r.name, r.side, r.share])).toEqual([
      ["Soleil", "own", 0.6],
      ["Latte", "own", 0.1],
      ["Rival", "competitor", 0.3],
    ]);
    expect(result.own).toBeCloseTo(0.7);
    expect(result.competitor).toBeCloseTo(0.3);
    expect(result.hasCompetitor).toBe(true);
  });

  it("has zero shares when nothing was said, and knows when no competitor is watched", () => {
    const result = shareOfVoice(stats({ share_of_voice: [sov("brand", "Soleil", 0)] }));
    expect(result.rows[0].share).toBe(0);
    expect(result.hasCompetitor).toBe(false);
  });
});
