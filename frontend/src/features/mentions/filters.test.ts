import { describe, expect, it } from "vitest";

import { bulkBody, UNASSIGN } from "./bulk";
import {
  activeFilterCount,
  EMPTY_FILTERS,
  filtersToParams,
  parseFilters,
  splitList,
  startOfDay,
  toApiQuery,
  toQueryString,
} from "./filters";

const WATCH = "0b6f3c1e-1a2b-4c3d-8e9f-001122334455";
const USER = "9a8b7c6d-1111-4222-8333-444455556666";

describe("parseFilters", () => {
  it("reads every filter from the URL", () => {
    const f = parseFilters(
      new URLSearchParams(
        `q=caf%C3%A9&watch=${WATCH}&source=rss&source=reddit&sentiment=negative&lang=FR&status=new&status=to_answer&assignee=me&tag=Promo%20%20Été&since=2024-05-01&until=2024-05-31&sort=reach&group=1`,
      ),
    );
    expect(f).toEqual({
      q: "café",
      watch: WATCH,
      sources: ["rss", "reddit"],
      sentiments: ["negative"],
      langs: ["fr"],
      statuses: ["new", "to_answer"],
      assignee: "me",
      tags: ["promo été"],
      since: "2024-05-01",
      until: "2024-05-31",
      sort: "reach",
      group: true,
    });
  });

  it("drops what the API would refuse", () => {
    const f = parseFilters(new URLSearchParams("watch=nope&sentiment=angry&status=done&assignee=bob&since=yesterday&sort=random&group=yes"));
    expect(f).toEqual(EMPTY_FILTERS);
  });

  it("keeps a user id as assignee", () => {
    expect(parseFilters(new URLSearchParams(`assignee=${USER}`)).assignee).toBe(USER);
    expect(parseFilters(new URLSearchParams("assignee=none")).assignee).toBe("none");
  });
});

describe("filtersToParams", () => {
  it("writes only what differs from the defaults", () => {
    expect(filtersToParams(EMPTY_FILTERS).toString()).toBe("");
    expect(filtersToParams({ ...EMPTY_FILTERS, sort: "reach", statuses: ["new", "answered"] }).toString()).toBe(
      "status=new&status=answered&sort=reach",
    );
  });

  it("round-trips through the URL", () => {
    const f = {
      ...EMPTY_FILTERS,
      q: '"bad buzz" -promo',
      watch: WATCH,
      sources: ["rss"],
      sentiments: ["negative" as const, "neutral" as const],
      langs: ["fr", "en"],
      assignee: USER,
      tags: ["crise"],
      since: "2024-01-01",
      group: true,
    };
    expect(parseFilters(new URLSearchParams(filtersToParams(f).toString()))).toEqual(f);
  });
});

describe("toApiQuery", () => {
  it("maps me/none to `assignee`, a person to `assignee_id`", () => {
    expect(toApiQuery({ ...EMPTY_FILTERS, assignee: "me" })).toEqual({ sort: "date", assignee: "me" });
    expect(toApiQuery({ ...EMPTY_FILTERS, assignee: "none" })).toEqual({ sort: "date", assignee: "none" });
    expect(toApiQuery({ ...EMPTY_FILTERS, assignee: USER })).toEqual({ sort: "date", assignee_id: USER });
  });

  it("maps lists and the watch", () => {
    const q = toApiQuery({ ...EMPTY_FILTERS, watch: WATCH, sources: ["rss"], sentiments: ["positive"], langs: ["fr"], statuses: ["new"], tags: ["a", "b"], q: "x", group: true, sort: "reach" });
    expect(q).toEqual({ sort: "reach", q: "x", watch_id: WATCH, source: ["rss"], sentiment: ["positive"], lang: ["fr"], status: ["new"], tag: ["a", "b"], group: true });
  });

  it("reads days in the workspace's time zone, `until` inclusive", () => {
    const q = toApiQuery({ ...EMPTY_FILTERS, since: "2024-07-01", until: "2024-07-31" }, "Europe/Paris");
    expect(q.since).toBe("2024-06-30T22:00:00.000Z");
    expect(q.until).toBe("2024-07-31T22:00:00.000Z");
  });
});

describe("startOfDay", () => {
  it("handles UTC, winter and summer time, and other hemispheres", () => {
    expect(startOfDay("2024-01-15", "UTC")).toBe("2024-01-15T00:00:00.000Z");
    expect(startOfDay("2024-01-15", "Europe/Paris")).toBe("2024-01-14T23:00:00.000Z");
    expect(startOfDay("2024-03-31", "Europe/Paris")).toBe("2024-03-30T23:00:00.000Z");
    expect(startOfDay("2024-04-01", "Europe/Paris")).toBe("2024-03-31T22:00:00.000Z");
    expect(startOfDay("2024-06-01", "America/New_York")).toBe("2024-06-01T04:00:00.000Z");
    expect(startOfDay("2024-06-01", "Asia/Kolkata")).toBe("2024-05-31T18:30:00.000Z");
    expect(startOfDay("2024-12-31", "UTC", 1)).toBe("2025-01-01T00:00:00.000Z");
  });
});

describe("toQueryString", () => {
  it("repeats list parameters and leaves out `group` (the export has none)", () => {
    expect(toQueryString({ sort: "date", status: ["new", "to_answer"], q: "a b", group: true })).toBe("sort=date&status=new&status=to_answer&q=a+b");
  });
});

describe("helpers", () => {
  it("counts active filters, search and sort aside", () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, q: "x", sort: "reach" })).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, statuses: ["new", "answered"], since: "2024-01-01", until: "2024-01-02" })).toBe(2);
  });

  it("splits typed tags like the API normalises them", () => {
    expect(splitList(" Crise ,crise,  Bad   Buzz ,, ")).toEqual(["crise", "bad buzz"]);
  });
});

describe("bulkBody", () => {
  it("asks only what was chosen", () => {
    expect(bulkBody(["a"], "", "", "")).toBeNull();
    expect(bulkBody([], "answered", "", "")).toBeNull();
    expect(bulkBody(["a", "b"], "irrelevant", "", "")).toEqual({ mention_ids: ["a", "b"], set_status: "irrelevant" });
    expect(bulkBody(["a"], "", UNASSIGN, "")).toEqual({ mention_ids: ["a"], set_assignee_id: null });
    expect(bulkBody(["a"], "bogus", USER, "Promo, été")).toEqual({ mention_ids: ["a"], set_assignee_id: USER, add_tags: ["promo", "été"] });
  });
});
