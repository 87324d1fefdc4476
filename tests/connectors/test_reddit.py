"""Reddit collector against the fake search listing."""

from datetime import UTC, datetime

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from app.connectors.reddit import RedditCollector
from tests.connectors.support import Served, quick
from tests.fakes.reddit import RedditFake


def config(served: Served[RedditFake], **options: str) -> SourceConfig:
    params = {"limit": options.pop("limit")} if "limit" in options else {}
    return SourceConfig(source="reddit", query="Nimbus", params=params, options=options,
                        base_url=served.url)


def new_post(pid: str, created: float) -> dict[str, object]:
    return {"kind": "t3", "data": {
        "id": pid, "name": f"t3_{pid}", "title": "Nimbus new post", "selftext": "Hello",
        "author": "someone", "permalink": f"/r/ebikes/comments/{pid}/nimbus_new_post/",
        "url": f"https://www.reddit.com/r/ebikes/comments/{pid}/nimbus_new_post/",
        "created_utc": created, "score": 1, "num_comments": 0, "is_self": True,
        "subreddit": "ebikes", "subreddit_subscribers": 410233}}


async def test_first_run_normalises_posts(reddit: Served[RedditFake],
                                          http: httpx.AsyncClient) -> None:
    result = await quick(RedditCollector).collect(http, config(reddit), {})

    assert len(result.items) == 5  # six children, one without name nor created_utc
    first = result.items[0]
    assert first.external_id == "t3_1gx9k2a"
    assert first.url == ("https://www.reddit.com/r/france/comments/1gx9k2a/"
                         "nimbus_a_encore_augmenté_ses_prix_à_lyon/")
    assert first.title == "Nimbus a encore augmenté ses prix à Lyon 😤"
    assert first.text == ("Abonnement passé de 19,90 € à 24,90 €.\n"
                          "Quelqu'un sait si c'est pareil à Paris ?")
    assert first.author == "Baguette_Rider"
    assert first.author_url == "https://www.reddit.com/user/Baguette_Rider"
    assert first.published_at == datetime(2026, 11, 20, 11, 58, 12, tzinfo=UTC)
    assert first.reach == {"score": 342, "comments": 128, "followers": 2650000}
    link = result.items[1]
    assert link.text == link.title and link.raw_ref == "https://news.example/nimbus-series-b"
    deleted = result.items[2]
    assert deleted.author is None and deleted.author_url is None

    sent = reddit.fake.requests[0]
    assert sent.path == "/search.json"
    assert sent.params == {"q": "Nimbus", "sort": "new", "t": "week", "limit": "100",
                           "raw_json": "1"}
    assert result.cursor["newest_utc"] == repr(first.published_at.timestamp())
    assert result.cursor["seen"] == "t3_1gx9k2a"


async def test_next_run_returns_only_newer_posts(reddit: Served[RedditFake],
                                                 http: httpx.AsyncClient) -> None:
    collector = quick(RedditCollector)
    first = await collector.collect(http, config(reddit, limit="2"), {})
    reddit.fake.requests.clear()

    again = await collector.collect(http, config(reddit, limit="2"), first.cursor)
    assert again.items == [] and again.cursor == first.cursor
    # The first page already reaches the cursor: no older page is asked for.
    assert len(reddit.fake.requests) == 1
    assert "after" not in reddit.fake.requests[0].params
    assert reddit.fake.requests[0].params["t"] == "all"

    newest = float(first.cursor["newest_utc"])
    reddit.fake.add_items([new_post("1gxa001", newest + 60), new_post("1gxa000", newest)])
    later = await collector.collect(http, config(reddit, limit="2"), first.cursor)
    # The post created in the same second as the cursor is new too: it was not seen.
    assert [i.external_id for i in later.items] == ["t3_1gxa001", "t3_1gxa000"]
    assert later.cursor["newest_utc"] == repr(newest + 60)
    repeat = await collector.collect(http, config(reddit, limit="2"), first.cursor)
    assert repeat.items == later.items


async def test_pagination_is_followed_and_bounded(reddit: Served[RedditFake],
                                                  http: httpx.AsyncClient) -> None:
    everything = await quick(RedditCollector, max_pages=10).collect(
        http, config(reddit, limit="2"), {})
    assert [r.params.get("after") for r in reddit.fake.requests] == [
        None, "t3_1gx8zz1", "t3_1gx6aa3"]
    assert len(everything.items) == 5

    reddit.fake.reset()
    bounded = await quick(RedditCollector, max_pages=2).collect(
        http, config(reddit, limit="2"), {})
    assert len(reddit.fake.requests) == 2 and len(bounded.items) == 4


async def test_exhausted_quota_stops_paging_and_keeps_the_cursor(
        reddit: Served[RedditFake], http: httpx.AsyncClient) -> None:
    reddit.fake.budget = 1  # the first answer says x-ratelimit-remaining: 0.0
    result = await quick(RedditCollector, max_pages=10).collect(
        http, config(reddit, limit="2"), {"newest_utc": "1.0"})
    assert len(reddit.fake.requests) == 1
    assert len(result.items) == 2
    assert result.retry_after == 412
    assert result.cursor == {"newest_utc": "1.0"}  # older pages still to fetch next time


async def test_subreddit_search(reddit: Served[RedditFake], http: httpx.AsyncClient) -> None:
    result = await quick(RedditCollector).collect(http, config(reddit, subreddit="r/ebikes"), {})
    assert reddit.fake.requests[0].path == "/r/ebikes/search.json"
    assert reddit.fake.requests[0].params["restrict_sr"] == "1"
    assert {i.external_id for i in result.items} == {"t3_1gx8zz1", "t3_1gx7qq8"}


@pytest.mark.parametrize(("headers", "expected"), [
    ({"Retry-After": "30"}, 30),
    ({"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "250"}, 250),
])
async def test_429_raises_rate_limited(reddit: Served[RedditFake], http: httpx.AsyncClient,
                                       headers: dict[str, str], expected: float) -> None:
    reddit.fake.respond(429, body={"message": "Too Many Requests", "error": 429},
                        headers=headers)
    with pytest.raises(RateLimitedError) as caught:
        await quick(RedditCollector).collect(http, config(reddit), {})
    assert caught.value.retry_after == expected


async def test_403_raises_auth_error(reddit: Served[RedditFake],
                                     http: httpx.AsyncClient) -> None:
    reddit.fake.respond(403, body={"reason": "private", "message": "Forbidden", "error": 403})
    with pytest.raises(AuthError):
        await quick(RedditCollector).collect(http, config(reddit), {})


async def test_5xx_is_retried_then_transient(reddit: Served[RedditFake],
                                             http: httpx.AsyncClient) -> None:
    reddit.fake.respond(502, body="<html>Bad Gateway</html>", times=3)
    with pytest.raises(TransientError):
        await quick(RedditCollector).collect(http, config(reddit), {})
    assert len(reddit.fake.requests) == 3


async def test_block_page_raises_content_error(reddit: Served[RedditFake],
                                               http: httpx.AsyncClient) -> None:
    reddit.fake.respond(200, body="<!doctype html><title>whoa there, pardner!</title>",
                        headers={"content-type": "text/html"})
    with pytest.raises(ContentError, match="not valid JSON"):
        await quick(RedditCollector).collect(http, config(reddit), {})
