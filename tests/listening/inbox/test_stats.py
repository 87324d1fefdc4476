"""Statistics on a known data set, bucketed in the workspace's time zone (Europe/Paris)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient

from tests.listening.inbox.factories import Agency, seed_mentions, seed_watch


def utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
async def dataset(agency: Agency) -> Agency:
    ws, brand, rival = agency.workspace, agency.brand, agency.rival
    await seed_watch(ws, name="Produit", kind="product", query="produit")
    # 23:30 in Paris on March 1st: the UTC date would be the same...
    await seed_mentions(ws, brand, 2, published_at=utc(1, 22, 30), author="alice",
                        sentiment_label=lambda i: ("negative", "positive")[i])
    # ...but 00:30 in Paris is already March 2nd, though still March 1st in UTC.
    await seed_mentions(ws, brand, 1, published_at=utc(1, 23, 30), author="alice")
    await seed_mentions(ws, rival, 1, published_at=utc(2, 10), author="bob",
                        sentiment_label="positive", sentiment_corrected="negative")
    await seed_mentions(ws, brand, 1, published_at=utc(2, 11), status="irrelevant")
    await seed_mentions(ws, brand, 1, published_at=utc(28, 22, 30, month=2))  # before since
    await seed_mentions(ws, brand, 1, published_at=utc(3, 12), source="reddit", author="carol",
                        watch_ids=[uuid.UUID(brand["id"]), uuid.UUID(rival["id"])])
    return agency


RANGE = {"since": "2026-03-01T00:00:00+01:00", "until": "2026-03-04T00:00:00+01:00"}


async def stats(client: AsyncClient, agency: Agency, **params: str) -> dict:
    response = await client.get(f"{agency.url}/mentions/stats", params=params,
                                headers=agency.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_daily_stats(client: AsyncClient, dataset: Agency) -> None:
    body = await stats(client, dataset, **RANGE)
    assert body["timezone"] == "Europe/Paris" and body["total"] == 5
    assert body["volume"] == [
        {"bucket": "2026-03-01T00:00:00+01:00", "count": 2, "negative": 1, "neutral": 0,
         "positive": 1},
        {"bucket": "2026-03-02T00:00:00+01:00", "count": 2, "negative": 1, "neutral": 1,
         "positive": 0},
        {"bucket": "2026-03-03T00:00:00+01:00", "count": 1, "negative": 0, "neutral": 1,
         "positive": 0}]
    assert body["sentiment"] == {"negative": 2, "neutral": 2, "positive": 1}
    assert [(s["name"], s["kind"], s["count"], s["share"]) for s in body["share_of_voice"]] == [
        ("Brandy", "brand", 4, 0.6667), ("Produit", "product", 0, 0.0),
        ("Rival", "competitor", 2, 0.3333)]
    assert body["top_sources"] == [{"source": "news", "count": 4},
                                   {"source": "reddit", "count": 1}]
    assert [(a["author"], a["source"], a["count"]) for a in body["top_authors"]] == [
        ("alice", "news", 3), ("bob", "news", 1), ("carol", "reddit", 1)]


async def test_stats_of_one_watch(client: AsyncClient, dataset: Agency) -> None:
    body = await stats(client, dataset, **RANGE, watch_id=dataset.rival["id"])
    assert [v["count"] for v in body["volume"]] == [0, 1, 1]
    assert body["sentiment"] == {"negative": 1, "neutral": 1, "positive": 0}
    # Share of voice still compares every watch.
    assert [s["count"] for s in body["share_of_voice"]] == [4, 0, 2]


async def test_hourly_and_weekly_buckets(client: AsyncClient, dataset: Agency) -> None:
    hourly = await stats(client, dataset, since="2026-03-01T22:00:00Z",
                         until="2026-03-02T00:00:00Z", interval="hour")
    assert [(v["bucket"], v["count"]) for v in hourly["volume"]] == [
        ("2026-03-01T23:00:00+01:00", 2), ("2026-03-02T00:00:00+01:00", 1)]
    weekly = await stats(client, dataset, **RANGE, interval="week")
    # March 1st 2026 is a Sunday: its week started on Monday, February 23rd.
    assert [(v["bucket"], v["count"]) for v in weekly["volume"]] == [
        ("2026-02-23T00:00:00+01:00", 2), ("2026-03-02T00:00:00+01:00", 3)]


async def test_default_range_is_the_last_30_days(client: AsyncClient, agency: Agency) -> None:
    now = datetime.now(UTC)
    await seed_mentions(agency.workspace, agency.brand, 2, published_at=now - timedelta(days=1))
    await seed_mentions(agency.workspace, agency.brand, 1, published_at=now - timedelta(days=40))
    body = await stats(client, agency)
    assert body["total"] == 2 and len(body["volume"]) in (30, 31)
    assert datetime.fromisoformat(body["until"]) - datetime.fromisoformat(body["since"]) == \
        timedelta(days=30)


async def test_bad_ranges_are_422(client: AsyncClient, agency: Agency) -> None:
    for params in ({"since": "2026-03-02T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
                   {"since": "2025-01-01T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
                   {"interval": "month"}, {"since": "soon"}, {"watch_id": "x"}):
        response = await client.get(f"{agency.url}/mentions/stats", params=params,
                                    headers=agency.headers)
        assert response.status_code == 422, (params, response.text)
