"""RSS/Atom collector against the fake feed host."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.connectors.base import SourceConfig
from app.connectors.errors import AuthError, ContentError, RateLimitedError, TransientError
from app.connectors.rss import RssCollector, bing_news_feed_url, feed_url, google_news_feed_url
from tests.connectors.support import Served, quick
from tests.fakes.feeds import FeedsFake, rss_item


def config(url: str) -> SourceConfig:
    return SourceConfig(source="rss", options={"url": url})


async def test_first_run_normalises_rss_entries(feeds: Served[FeedsFake],
                                                http: httpx.AsyncClient) -> None:
    before = datetime.now(UTC)
    result = await quick(RssCollector).collect(http, config(f"{feeds.url}/feeds/news.xml"), {})

    assert len(result.items) == 4  # five items, one without title, link or guid
    undated, echos, parisien, lyon = result.items  # newest first; undated = fetch time
    assert echos.external_id == "CBMiAWh0dHBzOi8vd3d3Lmxlc2VjaG9zLmZyL25pbWJ1cw"
    assert echos.url.startswith("https://news.google.com/rss/articles/CBMiAWh0")
    assert echos.title == ("Nimbus lève 40 millions d'euros pour son réseau d'échange de "
                           "batteries - Les Échos")
    assert echos.author == "Les Échos" and echos.author_url == "https://www.lesechos.fr"
    assert echos.published_at == datetime(2026, 11, 20, 11, 2, tzinfo=UTC)
    assert echos.lang_hint == "fr"
    assert parisien.text == "Les usagers de Nimbus ont été privés de vélos pendant six heures."
    assert parisien.published_at == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)  # +0100 → UTC
    assert undated.external_id == "https://blog.example/nimbus-etudiant"
    assert undated.published_at >= before
    assert lyon.reach == {}

    sent = feeds.fake.requests[0]
    assert "rss+xml" in sent.headers["accept"] and "if-none-match" not in sent.headers
    assert set(result.cursor) == {"etag", "last_modified", "seen"}
    assert len(result.cursor["seen"].split()) == 4


async def test_conditional_get_answers_not_modified(feeds: Served[FeedsFake],
                                                    http: httpx.AsyncClient) -> None:
    collector, cfg = quick(RssCollector), config(f"{feeds.url}/feeds/news.xml")
    first = await collector.collect(http, cfg, {})
    again = await collector.collect(http, cfg, first.cursor)
    assert again.not_modified and again.items == [] and again.cursor == first.cursor
    assert feeds.fake.requests[-1].headers["if-none-match"] == first.cursor["etag"]
    assert feeds.fake.requests[-1].headers["if-modified-since"] == first.cursor["last_modified"]

    feeds.fake.add_items([rss_item("new-1", "Nimbus rappelle 300 vélos", "https://news.example/r",
                                   datetime(2026, 11, 20, 13, tzinfo=UTC))])
    later = await collector.collect(http, cfg, first.cursor)
    assert [i.external_id for i in later.items] == ["new-1"]
    assert later.cursor["etag"] != first.cursor["etag"]


async def test_feeds_without_validators_emit_only_unseen_entries(
        feeds: Served[FeedsFake], http: httpx.AsyncClient) -> None:
    feeds.fake.validators = False
    collector, cfg = quick(RssCollector), config(f"{feeds.url}/feeds/news.xml")
    first = await collector.collect(http, cfg, {})
    assert "etag" not in first.cursor
    again = await collector.collect(http, cfg, first.cursor)
    assert again.items == [] and not again.not_modified
    assert again.cursor == first.cursor  # idempotent


async def test_max_items_leaves_the_rest_for_the_next_run(feeds: Served[FeedsFake],
                                                          http: httpx.AsyncClient) -> None:
    collector, cfg = quick(RssCollector), config(f"{feeds.url}/feeds/news.xml")
    first = await collector.collect(http, cfg, {}, max_items=3)
    assert len(first.items) == 3 and "etag" not in first.cursor  # a 304 would hide the rest
    rest = await collector.collect(http, cfg, first.cursor, max_items=3)
    assert len(rest.items) == 1 and "etag" in rest.cursor
    assert {i.external_id for i in first.items}.isdisjoint(i.external_id for i in rest.items)


async def test_atom_feed_with_relative_links_and_html(feeds: Served[FeedsFake],
                                                      http: httpx.AsyncClient) -> None:
    result = await quick(RssCollector).collect(http, config(f"{feeds.url}/feeds/blog.atom"), {})
    swaps, outage = result.items
    assert swaps.url == f"{feeds.url}/posts/battery-swaps"
    assert swaps.title == "How we swap 10,000 batteries a day"
    assert swaps.text == "Our swap stations run on a tiny\nscheduler.\nStep one\nStep two"
    assert swaps.author == "Ada Ops"
    assert swaps.author_url == "https://engineering.nimbus.example/authors/ada"
    assert swaps.published_at == datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    assert swaps.lang_hint == "en"
    assert outage.text == "DNS, of course. Ünïcödé ✓"
    assert outage.published_at == datetime(2026, 11, 19, 8, tzinfo=UTC)  # from <updated>


def test_news_search_feed_urls() -> None:
    assert google_news_feed_url("Nimbus vélo", "fr", "FR") == (
        "https://news.google.com/rss/search?q=Nimbus+v%C3%A9lo&hl=fr&gl=FR&ceid=FR%3Afr")
    assert google_news_feed_url('"Nimbus"', "en", "us") == (
        "https://news.google.com/rss/search?q=%22Nimbus%22&hl=en-US&gl=US&ceid=US%3Aen")
    assert bing_news_feed_url("Nimbus", "FR") == (
        "https://www.bing.com/news/search?q=Nimbus&format=rss&setlang=fr")
    assert feed_url(SourceConfig(source="rss", query="Nimbus", options={
        "provider": "bing_news", "lang": "en"})) == bing_news_feed_url("Nimbus", "en")
    with pytest.raises(ContentError):
        feed_url(SourceConfig(source="rss", options={"provider": "google_news"}))


async def test_news_search_feed_through_the_builder(feeds: Served[FeedsFake],
                                                    http: httpx.AsyncClient) -> None:
    url = google_news_feed_url("Nimbus", "fr", "FR", base=f"{feeds.url}/rss/search")
    result = await quick(RssCollector).collect(http, config(url), {})
    assert len(result.items) == 4
    assert feeds.fake.requests[0].params == {"q": "Nimbus", "hl": "fr", "gl": "FR",
                                             "ceid": "FR:fr"}


@pytest.mark.parametrize(("path", "match"), [("/feeds/missing.xml", "HTTP 404"),
                                             ("/feeds/not-a-feed", "not an RSS or Atom")])
async def test_missing_or_non_feed_is_a_content_error(feeds: Served[FeedsFake],
                                                      http: httpx.AsyncClient, path: str,
                                                      match: str) -> None:
    with pytest.raises(ContentError, match=match):
        await quick(RssCollector).collect(http, config(f"{feeds.url}{path}"), {})


async def test_http_errors_are_typed(feeds: Served[FeedsFake], http: httpx.AsyncClient) -> None:
    cfg, collector = config(f"{feeds.url}/feeds/news.xml"), quick(RssCollector)
    retry_at = datetime.now(UTC) + timedelta(seconds=300)
    feeds.fake.respond(429, headers={"Retry-After": retry_at.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    with pytest.raises(RateLimitedError) as caught:
        await collector.collect(http, cfg, {})
    assert 290 <= caught.value.retry_after <= 300
    feeds.fake.respond(401)
    with pytest.raises(AuthError):
        await collector.collect(http, cfg, {})
    feeds.fake.requests.clear()
    feeds.fake.respond(503, times=3)
    with pytest.raises(TransientError):
        await collector.collect(http, cfg, {})
    assert len(feeds.fake.requests) == 3
