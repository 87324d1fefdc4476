"""RSS and Atom feeds (any URL, incl. Google News and Bing News query feeds), via feedparser.

Options: `url` (the feed), or `provider` = "google_news" | "bing_news" with the watch's
query and `lang`/`country`, to build a news search feed.
Request: a conditional GET (If-None-Match / If-Modified-Since from the cursor); 304 → nothing
new. The bytes fetched by httpx are handed to feedparser (never a URL, so feedparser does no
I/O of its own and cannot be pointed at a local file).

Cursor: {"etag", "last_modified", "seen": short hashes of the entry ids already emitted}.
Feeds repeat their whole window on every fetch, so "newer" means "not emitted before": each
run emits unseen entries, newest first, up to max_items; the rest wait for the next run.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import feedparser
import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import join_ids, split_ids
from app.connectors.errors import ContentError
from app.connectors.http import HttpCollector
from app.connectors.normalize import html_to_text, lang_prefix, parse_datetime, short_hash

logger = logging.getLogger(__name__)

GOOGLE_NEWS_BASE = "https://news.google.com/rss/search"
BING_NEWS_BASE = "https://www.bing.com/news/search"
SEEN_LIMIT = 1000
# Google News wants a regional hl for these languages (en-US, pt-BR), the bare code otherwise.
_REGIONAL_HL = frozenset({"en", "pt", "zh"})


def google_news_feed_url(q: str, lang: str = "en", country: str = "US", *,
                         base: str = GOOGLE_NEWS_BASE) -> str:
    """The Google News RSS search feed for a query, in one language and edition."""
    lang, country = lang.lower(), country.upper()
    hl = f"{lang}-{country}" if lang in _REGIONAL_HL else lang
    return f"{base}?{urlencode({'q': q, 'hl': hl, 'gl': country, 'ceid': f'{country}:{lang}'})}"


def bing_news_feed_url(q: str, lang: str = "en", *, base: str = BING_NEWS_BASE) -> str:
    """The Bing News RSS search feed for a query, in one language."""
    return f"{base}?{urlencode({'q': q, 'format': 'rss', 'setlang': lang.lower()})}"


def feed_url(config: SourceConfig) -> str:
    options = config.options
    if options.get("url"):
        return options["url"]
    provider, query = options.get("provider"), config.query
    if provider == "google_news" and query:
        return google_news_feed_url(query, options.get("lang", "en"), options.get("country", "US"))
    if provider == "bing_news" and query:
        return bing_news_feed_url(query, options.get("lang", "en"))
    raise ContentError("rss", "set a feed url, or a news provider and a query")


def _entry_id(entry: Any) -> str | None:
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    title = entry.get("title")
    if isinstance(title, str) and title.strip():
        return "title:" + short_hash(title, str(entry.get("published", "")))
    return None


def _published(entry: Any, fetched_at: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = parse_datetime(entry.get(key))
        if value is not None:
            return value
    return fetched_at


def _entry_to_item(entry: Any, feed: Any, fetched_at: datetime) -> CollectedItem | None:
    entry_id, link = _entry_id(entry), entry.get("link") or feed.get("link")
    if entry_id is None or not isinstance(link, str) or not link:
        return None
    content = entry.get("content") or []
    body = content[0].get("value") if content else entry.get("summary")
    title = html_to_text(entry.get("title")) or None
    source = entry.get("source") or {}
    author = entry.get("author") or source.get("title") or None
    detail = entry.get("author_detail") or {}
    language = (content[0].get("language") if content else None) or feed.get("language")
    return CollectedItem(
        source="rss",
        external_id=entry_id if len(entry_id) <= 500 else short_hash(entry_id, size=40),
        url=link,
        title=title,
        text=html_to_text(body) or (title or ""),
        author=author,
        author_url=detail.get("href") or source.get("href") or None,
        published_at=_published(entry, fetched_at),
        lang_hint=lang_prefix(language),
        reach={},
        raw_ref=entry.get("id") or None,
    )


class RssCollector(HttpCollector):
    source: ClassVar[str] = "rss"
    default_interval: ClassVar[float] = 1.0
    default_max_pages: ClassVar[int] = 1

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        url = feed_url(config)
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                             " text/xml;q=0.8, */*;q=0.5"}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("last_modified"):
            headers["If-Modified-Since"] = cursor["last_modified"]
        response = await self.fetcher.get(http, url, headers=headers, ok=(200, 304))
        if response.status_code == 304:
            return CollectResult(cursor=dict(cursor), not_modified=True)

        headers_seen = {k.lower(): v for k, v in response.headers.items()}
        # Relative links in the feed resolve against where it was actually served from.
        headers_seen.setdefault("content-location", str(response.url))
        # Parsing is CPU work: keep the event loop free for the other sources' requests.
        parsed = await asyncio.to_thread(feedparser.parse, io.BytesIO(response.content),
                                         response_headers=headers_seen)
        if not parsed.entries and not parsed.get("version"):
            reason = parsed.get("bozo_exception")
            raise ContentError(self.source, f"not an RSS or Atom feed ({reason or 'no entries'})")
        fetched_at = datetime.now(UTC)
        seen = split_ids(cursor.get("seen"))
        seen_set = set(seen)
        fresh: list[tuple[str, CollectedItem]] = []
        for entry in parsed.entries:
            item = _entry_to_item(entry, parsed.feed, fetched_at)
            if item is None:
                # The host only: private feed URLs can carry a token.
                logger.warning("rss: skipping an entry without id or link in a feed of %s",
                               response.url.host)
                continue
            key = short_hash(item.external_id, size=12)
            if key not in seen_set:
                seen_set.add(key)  # a feed listing one entry twice emits it once
                fresh.append((key, item))
        fresh.sort(key=lambda pair: pair[1].published_at, reverse=True)
        emitted = fresh[:max_items]
        new_cursor = {"seen": join_ids([k for k, _ in emitted] + seen, SEEN_LIMIT)}
        # Validators only once everything was emitted: a 304 would hide the entries left over.
        if len(emitted) == len(fresh):
            for header, field in (("etag", "etag"), ("last-modified", "last_modified")):
                if response.headers.get(header):
                    new_cursor[field] = response.headers[header]
        return CollectResult(items=[item for _, item in emitted], cursor=new_cursor)
