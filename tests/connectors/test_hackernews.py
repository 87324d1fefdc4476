"""Hacker News collector against the fake Algolia API."""

from datetime import UTC, datetime

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from app.connectors.hackernews import HackerNewsCollector
from app.connectors.http import USER_AGENT
from tests.connectors.support import Served, quick
from tests.fakes.hackernews import HackerNewsFake

PATH = "/api/v1/search_by_date"


def config(served: Served[HackerNewsFake], **params: str) -> SourceConfig:
    return SourceConfig(source="hackernews", query="Nimbus", params=params, base_url=served.url)


async def test_first_run_normalises_hits(hn: Served[HackerNewsFake],
                                         http: httpx.AsyncClient) -> None:
    result = await quick(HackerNewsCollector).collect(http, config(hn), {})

    assert len(result.items) == 8  # nine hits, one without objectID nor created_at_i
    by_id = {item.external_id: item for item in result.items}
    comment = by_id["46021907"]
    assert comment.source == "hackernews"
    assert comment.url == "https://news.ycombinator.com/item?id=46021907"
    assert comment.title == "Re: Nimbus Bikes raises €40M to expand e-bike swapping in Europe"
    assert comment.text == ("We moved our whole fleet to Nimbus last spring. The battery swap "
                            "stations are the real win / the app is meh.\nOne gotcha: the API "
                            "rate-limits you at 60 req/min, which bit us on day one.")
    assert comment.published_at == datetime(2026, 11, 20, 11, 52, 40, tzinfo=UTC)
    assert comment.author == "mfrancois"
    assert comment.author_url == "https://news.ycombinator.com/user?id=mfrancois"
    assert comment.reach == {}  # Algolia gives comments no points
    story = by_id["46021001"]
    assert story.reach == {"score": 187, "comments": 94}
    assert story.text == story.title  # a link story has no text of its own
    assert story.raw_ref == "https://techcrunch.example/2026/11/20/nimbus-bikes-series-b"
    assert "東京" in by_id["46021650"].text and "<i>" not in by_id["46021650"].text
    assert by_id["46020877"].text.endswith("Is there an escalation path? 🚲")
    assert by_id["46018200"].reach == {}

    sent = hn.fake.requests_to(PATH)
    assert len(sent) == 1
    assert sent[0].params["query"] == "Nimbus"
    assert sent[0].params["tags"] == "(story,comment)"
    assert "numericFilters" not in sent[0].params
    assert sent[0].headers["user-agent"] == USER_AGENT
    assert result.cursor == {"created_at_i": str(int(comment.published_at.timestamp()))}


async def test_next_run_asks_only_for_newer_hits(hn: Served[HackerNewsFake],
                                                 http: httpx.AsyncClient) -> None:
    collector = quick(HackerNewsCollector)
    first = await collector.collect(http, config(hn), {})
    newest = first.cursor["created_at_i"]

    again = await collector.collect(http, config(hn), first.cursor)
    assert again.items == []
    assert hn.fake.requests[-1].params["numericFilters"] == f"created_at_i>{newest}"
    assert again.cursor == first.cursor

    hn.fake.add_items([{"_tags": ["story", "author_zoe"], "author": "zoe", "objectID": "46030000",
                        "created_at": "2026-11-20T13:00:00Z", "created_at_i": 1795179600,
                        "title": "Nimbus opens its API", "url": None, "points": 3,
                        "num_comments": 0}])
    later = await collector.collect(http, config(hn), first.cursor)
    assert [i.external_id for i in later.items] == ["46030000"]
    assert later.cursor == {"created_at_i": "1795179600"}
    # The same cursor twice gives the same answer.
    repeat = await collector.collect(http, config(hn), first.cursor)
    assert repeat.items == later.items


async def test_pagination_is_followed_and_bounded(hn: Served[HackerNewsFake],
                                                  http: httpx.AsyncClient) -> None:
    everything = await quick(HackerNewsCollector, max_pages=10).collect(
        http, config(hn, hitsPerPage="3"), {})
    assert [r.params["page"] for r in hn.fake.requests] == ["0", "1", "2"]  # nbPages == 3
    assert len(everything.items) == 8

    hn.fake.reset()
    bounded = await quick(HackerNewsCollector, max_pages=2).collect(
        http, config(hn, hitsPerPage="3"), {})
    assert [r.params["page"] for r in hn.fake.requests] == ["0", "1"]
    assert len(bounded.items) == 6  # the malformed hit sorts last (no created_at_i)
    assert bounded.cursor["created_at_i"] == everything.cursor["created_at_i"]

    hn.fake.reset()
    capped = await quick(HackerNewsCollector).collect(http, config(hn), {}, max_items=2)
    assert len(capped.items) == 2 and len(hn.fake.requests) == 1
    assert hn.fake.requests[0].params["hitsPerPage"] == "2"


async def test_429_raises_rate_limited_with_retry_after(hn: Served[HackerNewsFake],
                                                        http: httpx.AsyncClient) -> None:
    hn.fake.respond(429, body={"message": "Too many requests"}, headers={"Retry-After": "120"})
    with pytest.raises(RateLimitedError) as caught:
        await quick(HackerNewsCollector).collect(http, config(hn), {})
    assert caught.value.retry_after == 120
    assert len(hn.fake.requests) == 1  # a 429 is not retried within the run


async def test_403_raises_auth_error(hn: Served[HackerNewsFake], http: httpx.AsyncClient) -> None:
    hn.fake.respond(403, body={"message": "Invalid Application-ID or API key", "status": 403})
    with pytest.raises(AuthError, match="Invalid Application-ID"):
        await quick(HackerNewsCollector).collect(http, config(hn), {})


async def test_500_is_retried_then_raised_as_transient(hn: Served[HackerNewsFake],
                                                       http: httpx.AsyncClient) -> None:
    hn.fake.respond(500, body="upstream error", times=3)
    with pytest.raises(TransientError):
        await quick(HackerNewsCollector).collect(http, config(hn), {})
    assert len(hn.fake.requests) == 3  # the first try and two retries

    hn.fake.reset()
    hn.fake.respond(503, times=1)
    result = await quick(HackerNewsCollector).collect(http, config(hn), {})
    assert len(result.items) == 8 and len(hn.fake.requests) == 2


@pytest.mark.parametrize("body", ["<html>Service unavailable</html>", '{"results": []}'])
async def test_malformed_body_raises_content_error(hn: Served[HackerNewsFake],
                                                   http: httpx.AsyncClient, body: str) -> None:
    hn.fake.respond(200, body=body)
    with pytest.raises(ContentError):
        await quick(HackerNewsCollector).collect(http, config(hn), {})


async def test_network_failure_is_transient(http: httpx.AsyncClient) -> None:
    dead = SourceConfig(source="hackernews", query="x", base_url="http://127.0.0.1:9")
    with pytest.raises(TransientError):
        await quick(HackerNewsCollector).collect(http, dead, {})
