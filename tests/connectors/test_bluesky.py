"""Bluesky collector against the fake AppView searchPosts."""

import time
from datetime import UTC, datetime

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.bluesky import BlueskyCollector, post_url
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from tests.connectors.support import Served, quick
from tests.fakes.bluesky import BlueskyFake

PATH = "/xrpc/app.bsky.feed.searchPosts"


def config(served: Served[BlueskyFake], query: str | None = "Nimbus",
           **params: str) -> SourceConfig:
    return SourceConfig(source="bluesky", query=query, params=params, base_url=served.url)


def new_post(rkey: str, created: str) -> dict[str, object]:
    return {"uri": f"at://did:plc:new/app.bsky.feed.post/{rkey}", "cid": f"bafy{rkey}",
            "author": {"did": "did:plc:new", "handle": "new.bsky.social"},
            "record": {"$type": "app.bsky.feed.post", "text": "Nimbus again", "createdAt": created},
            "indexedAt": created, "likeCount": 0, "repostCount": 0, "replyCount": 0}


def test_post_url_from_at_uri() -> None:
    uri = "at://did:plc:abc/app.bsky.feed.post/3k2a"
    assert post_url(uri, "alice.test") == "https://bsky.app/profile/alice.test/post/3k2a"
    assert post_url(uri, "handle.invalid") == "https://bsky.app/profile/did:plc:abc/post/3k2a"
    assert post_url("at://did:plc:abc/app.bsky.feed.like/3k2a", "a") is None


async def test_first_run_normalises_posts(bluesky: Served[BlueskyFake],
                                          http: httpx.AsyncClient) -> None:
    result = await quick(BlueskyCollector).collect(http, config(bluesky), {})

    assert len(result.items) == 5  # six posts, one without a record
    marie, invalid, news, skew, _ = result.items
    assert marie.external_id == "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbx2k7abc22a"
    assert marie.url == "https://bsky.app/profile/marie.bsky.social/post/3lbx2k7abc22a"
    assert marie.text == "Nimbus vient d'ouvrir à Nantes 🎉\nEnfin !"
    assert marie.author == "Marie ☕"
    assert marie.author_url == "https://bsky.app/profile/marie.bsky.social"
    assert marie.lang_hint == "fr"
    assert marie.reach == {"likes": 48, "reposts": 7, "replies": 3, "quotes": 1}
    assert marie.published_at == datetime(2026, 11, 20, 11, 59, tzinfo=UTC)
    assert marie.raw_ref == "bafyreib3lbx2k7abc22aq"
    assert invalid.author == "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    assert invalid.url.startswith("https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/")
    assert invalid.lang_hint is None
    assert news.lang_hint == "en"
    # createdAt is a day ahead of indexedAt: the post is dated when it was indexed.
    assert skew.published_at == datetime(2026, 11, 20, 9, tzinfo=UTC)

    assert bluesky.fake.requests[0].params == {"q": "Nimbus", "sort": "latest", "limit": "100"}
    assert result.cursor == {"since": "2026-11-20T11:59:00Z", "seen": marie.external_id}


async def test_next_run_sends_since_and_skips_seen(bluesky: Served[BlueskyFake],
                                                   http: httpx.AsyncClient) -> None:
    collector = quick(BlueskyCollector)
    first = await collector.collect(http, config(bluesky), {})
    again = await collector.collect(http, config(bluesky), first.cursor)
    assert bluesky.fake.requests[-1].params["since"] == "2026-11-20T11:59:00Z"
    assert again.items == [] and again.cursor == first.cursor

    bluesky.fake.add_items([new_post("3lbyaaaaaaa2a", "2026-11-20T12:10:00.250Z"),
                            new_post("3lbyaaaaaaa1a", "2026-11-20T11:59:00.000Z")])
    later = await collector.collect(http, config(bluesky), first.cursor)
    assert [i.url.rsplit("/", 1)[1] for i in later.items] == ["3lbyaaaaaaa2a", "3lbyaaaaaaa1a"]
    assert later.cursor["since"] == "2026-11-20T12:10:00.250000Z"


async def test_pagination_is_followed_and_bounded(bluesky: Served[BlueskyFake],
                                                  http: httpx.AsyncClient) -> None:
    everything = await quick(BlueskyCollector, max_pages=10).collect(
        http, config(bluesky, limit="2"), {})
    assert [r.params.get("cursor") for r in bluesky.fake.requests] == [None, "Mg==", "NA=="]
    assert len(everything.items) == 5

    bluesky.fake.reset()
    bounded = await quick(BlueskyCollector, max_pages=2).collect(
        http, config(bluesky, limit="2"), {})
    assert len(bluesky.fake.requests) == 2 and len(bounded.items) == 3


async def test_refused_follow_up_page_keeps_the_first(bluesky: Served[BlueskyFake],
                                                      http: httpx.AsyncClient) -> None:
    bluesky.fake.anonymous_first_page_only = True
    result = await quick(BlueskyCollector, max_pages=10).collect(
        http, config(bluesky, limit="2"), {})
    assert len(bluesky.fake.requests) == 2 and len(result.items) == 2


async def test_params_pass_through(bluesky: Served[BlueskyFake],
                                   http: httpx.AsyncClient) -> None:
    result = await quick(BlueskyCollector).collect(http, config(bluesky, lang="fr"), {})
    assert bluesky.fake.requests[0].params["lang"] == "fr"
    # The news post is tagged ["en", "fr"]: it matches, and its first language is the hint.
    assert [i.lang_hint for i in result.items] == ["fr", "en"]


async def test_429_uses_the_epoch_reset_header(bluesky: Served[BlueskyFake],
                                               http: httpx.AsyncClient) -> None:
    reset = str(int(time.time()) + 200)
    bluesky.fake.respond(429, body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                         headers={"RateLimit-Remaining": "0", "RateLimit-Reset": reset})
    with pytest.raises(RateLimitedError) as caught:
        await quick(BlueskyCollector).collect(http, config(bluesky), {})
    assert 190 <= caught.value.retry_after <= 200


async def test_first_page_403_is_an_auth_error(bluesky: Served[BlueskyFake],
                                               http: httpx.AsyncClient) -> None:
    bluesky.fake.respond(403, body={"error": "Forbidden", "message": "Forbidden"})
    with pytest.raises(AuthError):
        await quick(BlueskyCollector).collect(http, config(bluesky), {})


async def test_bad_query_is_a_content_error_with_the_reason(
        bluesky: Served[BlueskyFake], http: httpx.AsyncClient) -> None:
    bluesky.fake.respond(400, body={"error": "BadQueryString", "message": "unbalanced quote"})
    with pytest.raises(ContentError, match="unbalanced quote"):
        await quick(BlueskyCollector).collect(http, config(bluesky), {})
    with pytest.raises(ContentError, match="needs a query"):
        await quick(BlueskyCollector).collect(http, config(bluesky, query=None), {})


async def test_500_is_retried_then_transient(bluesky: Served[BlueskyFake],
                                             http: httpx.AsyncClient) -> None:
    bluesky.fake.respond(500, body={"error": "InternalServerError"}, times=3)
    with pytest.raises(TransientError):
        await quick(BlueskyCollector).collect(http, config(bluesky), {})
    assert len(bluesky.fake.requests) == 3


async def test_malformed_body_raises_content_error(bluesky: Served[BlueskyFake],
                                                   http: httpx.AsyncClient) -> None:
    bluesky.fake.respond(200, body={"hitsTotal": 0})
    with pytest.raises(ContentError, match="no posts list"):
        await quick(BlueskyCollector).collect(http, config(bluesky), {})
