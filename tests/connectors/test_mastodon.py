"""Mastodon collector against the fake instance."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from app.connectors.mastodon import MastodonCollector
from tests.connectors.support import Served, quick
from tests.fakes.mastodon import MastodonFake

TAG_PATH = "/api/v1/timelines/tag/Nimbus"


def tag_config(served: Served[MastodonFake], **params: str) -> SourceConfig:
    return SourceConfig(source="mastodon", params=params,
                        options={"instance": served.url, "hashtag": "#Nimbus"})


def search_config(served: Served[MastodonFake], query: str, **options: str) -> SourceConfig:
    return SourceConfig(source="mastodon", query=query,
                        options={"instance": served.url, **options})


def status(status_id: str, text: str) -> dict[str, object]:
    return {"id": status_id, "created_at": "2026-11-20T12:30:00.000Z", "content": f"<p>{text}</p>",
            "uri": f"https://mastodon.social/users/dan/statuses/{status_id}",
            "url": f"https://mastodon.social/@dan/{status_id}", "language": "en",
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 1, "reblog": None,
            "account": {"acct": "dan", "display_name": "Dan", "followers_count": 5,
                        "url": "https://mastodon.social/@dan"},
            "tags": [{"name": "nimbus"}]}


async def test_hashtag_first_run_normalises_statuses(mastodon: Served[MastodonFake],
                                                     http: httpx.AsyncClient) -> None:
    result = await quick(MastodonCollector).collect(http, tag_config(mastodon), {})

    assert len(result.items) == 4  # five statuses, one without created_at nor account
    alice, bob, carla, _ = result.items
    assert alice.external_id == "https://mastodon.social/users/alice/statuses/113520000000000950"
    assert alice.url == "https://mastodon.social/@alice/113520000000000950"
    assert alice.text == "Le nouveau vélo #Nimbus est super ! 🚲\nSeul bémol : l'appli."
    assert alice.author == "Alice 🌿"
    assert alice.author_url == "https://mastodon.social/@alice"
    assert alice.published_at == datetime(2026, 11, 20, 11, 55, 1, 123000, tzinfo=UTC)
    assert alice.lang_hint == "fr"
    assert alice.reach == {"likes": 31, "reposts": 5, "replies": 2, "followers": 1843}
    assert alice.title is None
    assert bob.text == "Battery swap took 40s.\nImpressive. #nimbus"
    assert carla.author == "carla@fosstodon.org"  # no display name
    assert carla.text == "CW: outage, long\nThread on the #nimbus outage 🧵"  # no <script>
    assert carla.lang_hint is None

    sent = mastodon.fake.requests[0]
    assert sent.path == TAG_PATH and sent.params == {"limit": "40"}
    assert result.cursor == {"since_id": "113520000000000950"}


async def test_next_run_sends_since_id(mastodon: Served[MastodonFake],
                                       http: httpx.AsyncClient) -> None:
    collector = quick(MastodonCollector)
    first = await collector.collect(http, tag_config(mastodon), {})
    again = await collector.collect(http, tag_config(mastodon), first.cursor)
    assert again.items == [] and again.cursor == first.cursor
    assert mastodon.fake.requests[-1].params["since_id"] == "113520000000000950"

    mastodon.fake.add_items([status("113520000000001000", "Nimbus <b>again</b>")])
    later = await collector.collect(http, tag_config(mastodon), first.cursor)
    assert [i.text for i in later.items] == ["Nimbus again"]
    assert later.cursor == {"since_id": "113520000000001000"}


async def test_link_header_pagination_is_followed_and_bounded(
        mastodon: Served[MastodonFake], http: httpx.AsyncClient) -> None:
    result = await quick(MastodonCollector, max_pages=10).collect(
        http, tag_config(mastodon, limit="2"), {})
    assert [r.params.get("max_id") for r in mastodon.fake.requests] == [
        None, "113519990000000800", "113519900000000500"]
    assert len(result.items) == 4

    mastodon.fake.reset()
    bounded = await quick(MastodonCollector, max_pages=2).collect(
        http, tag_config(mastodon, limit="2"), {"since_id": "1"})
    assert len(mastodon.fake.requests) == 2 and len(bounded.items) == 3
    # Older pages keep since_id, so paging never goes past the cursor.
    assert all(r.params["since_id"] == "1" for r in mastodon.fake.requests)


async def test_status_search_with_token_pages_with_offset(
        mastodon: Served[MastodonFake], http: httpx.AsyncClient) -> None:
    config = search_config(mastodon, "nimbus", access_token=MastodonFake.valid_token)
    config.params = {"limit": "2"}
    result = await quick(MastodonCollector, max_pages=10).collect(http, config, {})
    sent = mastodon.fake.requests_to("/api/v2/search")
    assert sent[0].params == {"q": "nimbus", "type": "statuses", "limit": "2",
                              "resolve": "false"}
    assert sent[0].headers["authorization"] == f"Bearer {MastodonFake.valid_token}"
    assert [r.params.get("offset") for r in sent] == [None, "2", "4"]
    assert len(result.items) == 4


async def test_anonymous_search_gets_no_offset_and_may_be_empty(
        mastodon: Served[MastodonFake], http: httpx.AsyncClient) -> None:
    config = search_config(mastodon, "vélo")
    result = await quick(MastodonCollector).collect(http, config, {})
    assert [i.author for i in result.items] == ["Alice 🌿"]
    assert "authorization" not in mastodon.fake.requests[0].headers

    mastodon.fake.search_needs_auth = True
    assert (await quick(MastodonCollector).collect(http, config, {})).items == []


async def test_429_uses_the_iso_reset_header(mastodon: Served[MastodonFake],
                                             http: httpx.AsyncClient) -> None:
    reset = (datetime.now(UTC) + timedelta(seconds=90)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    mastodon.fake.respond(429, body={"error": "Too many requests"},
                          headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    with pytest.raises(RateLimitedError) as caught:
        await quick(MastodonCollector).collect(http, tag_config(mastodon), {})
    assert 80 <= caught.value.retry_after <= 90


async def test_401_raises_auth_error(mastodon: Served[MastodonFake],
                                     http: httpx.AsyncClient) -> None:
    mastodon.fake.respond(401, body={"error": "The access token is invalid"})
    with pytest.raises(AuthError, match="access token is invalid"):
        await quick(MastodonCollector).collect(http, tag_config(mastodon), {})


async def test_500_is_retried_then_transient(mastodon: Served[MastodonFake],
                                             http: httpx.AsyncClient) -> None:
    mastodon.fake.respond(500, times=3)
    with pytest.raises(TransientError):
        await quick(MastodonCollector).collect(http, tag_config(mastodon), {})
    assert len(mastodon.fake.requests) == 3


async def test_malformed_body_raises_content_error(mastodon: Served[MastodonFake],
                                                   http: httpx.AsyncClient) -> None:
    mastodon.fake.respond(200, body={"error": "Record not found"})
    with pytest.raises(ContentError, match="not a list of statuses"):
        await quick(MastodonCollector).collect(http, tag_config(mastodon), {})


@pytest.mark.parametrize("options", [{"hashtag": "nimbus"}, {"instance": "mastodon.social"}])
async def test_incomplete_configuration_is_a_content_error(
        options: dict[str, str], http: httpx.AsyncClient) -> None:
    with pytest.raises(ContentError):
        await quick(MastodonCollector).collect(
            http, SourceConfig(source="mastodon", options=options), {})


async def test_boosts_are_skipped(mastodon: Served[MastodonFake],
                                  http: httpx.AsyncClient) -> None:
    boost = status("113520000000002000", "")
    boost["reblog"] = status("113519000000000001", "Nimbus original")
    mastodon.fake.add_items([boost])
    result = await quick(MastodonCollector).collect(http, tag_config(mastodon), {})
    assert len(result.items) == 4
    assert "113520000000002000" not in {i.raw_ref for i in result.items}
