"""From a watch and one of its sources to the matching items: the query translated for the
network, the collector run, and the local match every item must pass."""

import asyncio
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.http import create_http_client
from app.connectors.registry import get_collector
from app.connectors.rss import bing_news_feed_url, google_news_feed_url
from app.core.config import get_settings
from app.core.crypto import decrypt
from app.listening.language import detect_language
from app.listening.models import Watch, WatchSource
from app.listening.query import (
    MatchDoc,
    Query,
    compile_query,
    highlight_terms,
    parse,
    translate,
)

# A run never takes more than this many items from one source.
MAX_ITEMS = 500


@dataclass(frozen=True)
class Outcome:
    result: CollectResult
    items: list[CollectedItem]  # the ones the watch's query matches


def build_config(source: str, options: dict[str, Any], secret: str | None, query: Query,
                 languages: Sequence[str]) -> SourceConfig:
    settings = get_settings()
    opts = {k: str(v) for k, v in options.items() if v is not None}
    if secret:
        opts["api_key"] = decrypt(secret)
    engine = opts.pop("engine", None)
    lang = languages[0] if languages else None
    if source == "rss" and engine:
        translated = translate(query, engine)
        q = translated.q if translated else " ".join(_positive_terms(query))
        opts["url"] = google_news_feed_url(q, lang or "fr", (lang or "fr").upper()) \
            if engine == "google_news" else bing_news_feed_url(q, lang or "fr")
        return SourceConfig(source="rss", options=opts)
    translated = translate(query, source) if source not in ("rss", "web") else None
    if source == "mastodon" and "hashtag" not in opts and translated and translated.hashtags:
        # Tag timelines are public on every instance; search often needs an account.
        opts["hashtag"] = translated.hashtags[0]
    return SourceConfig(
        source=source,
        query=translated.q if translated else None,
        params=dict(translated.params) if translated else {},
        options=opts,
        base_url=settings.connector_base_urls.get(source),
    )


def _positive_terms(query: Query) -> list[str]:
    return [f'"{t}"' if " " in t else t for t in highlight_terms(query)]


def match_items(query: Query, languages: Sequence[str], items: Sequence[CollectedItem]
                ) -> list[CollectedItem]:
    """Keep what the query matches, with the detected language recorded on the item."""
    matcher = compile_query(query)
    matched = []
    for item in items:
        lang = item.lang_hint or detect_language(f"{item.title or ''} {item.text}")
        if languages and lang and lang not in languages:
            continue
        if matcher.matches(MatchDoc(text=item.text, title=item.title, lang=lang, url=item.url,
                                    source=item.source)):
            matched.append(dataclasses.replace(item, lang_hint=lang) if lang else item)
    return matched


async def run(source: str, options: dict[str, Any], secret: str | None, cursor: dict[str, str],
              query: Query, languages: Sequence[str], max_items: int = MAX_ITEMS) -> Outcome:
    config = build_config(source, options, secret, query, languages)
    async with create_http_client(
            allow_private_hosts=get_settings().private_sources_allowed) as http:
        result = await get_collector(config.source).collect(http, config, dict(cursor),
                                                            max_items=max_items)
    return Outcome(result, match_items(query, languages, result.items))


async def collect(watch: Watch, row: WatchSource) -> Outcome:
    return await run(row.source, row.options, row.secret, row.cursor, parse(watch.query),
                     watch.languages)


async def preview(query: Query, languages: Sequence[str],
                  specs: Sequence[tuple[str, dict[str, Any], str | None]], *,
                  max_items: int = 50, seconds: float = 20.0) -> list[Outcome | Exception]:
    """Run every source once, concurrently, without cursor and without storing anything."""

    async def one(source: str, options: dict[str, Any], secret: str | None) -> Outcome:
        return await run(source, options, secret, {}, query, languages, max_items)

    tasks = [asyncio.wait_for(one(*spec), seconds) for spec in specs]
    return list(await asyncio.gather(*tasks, return_exceptions=True))
