"""The listening collector interface every network module implements.

A collector turns one configured source (a query on Reddit, a feed URL, a hashtag on a
Mastodon instance...) into normalised `CollectedItem`s, starting from an incremental cursor it
returned on the previous run. Collectors hold no per-source state: everything a later run needs
lives in the JSON cursor, which the pipeline stores with the mentions it produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Literal, Protocol, runtime_checkable

import httpx

SourceName = Literal["rss", "hackernews", "reddit", "mastodon", "bluesky", "youtube", "web"]
SOURCES: tuple[str, ...] = ("rss", "hackernews", "reddit", "mastodon", "bluesky", "youtube",
                            "web")


@dataclass(frozen=True)
class CollectedItem:
    """One piece of content found on a network, normalised the same way for every source.

    `text` is plain text (HTML stripped, whitespace normalised); `published_at` is tz-aware
    UTC, the fetch time when the network gives none; `reach` holds the counters the API gave
    (followers, score, comments, likes, reposts, replies, quotes, views).
    """

    source: str
    external_id: str
    url: str
    title: str | None
    text: str
    author: str | None
    author_url: str | None
    published_at: datetime
    lang_hint: str | None = None
    reach: dict[str, int] = field(default_factory=dict)
    raw_ref: str | None = None

    def __post_init__(self) -> None:
        # A naive datetime would be read as local time somewhere down the pipeline.
        if self.published_at.tzinfo is None:
            raise ValueError("published_at must be timezone-aware")
        object.__setattr__(self, "published_at", self.published_at.astimezone(UTC))


@dataclass
class SourceConfig:
    """What to collect. `query` is already in the source's own syntax, or None (no search).

    `params` are extra API parameters passed through (Bluesky `lang`, Reddit `t`...);
    `options` are per-source settings: rss `url`; mastodon `instance`, `hashtag`,
    `access_token`; youtube `api_key`; web `url`, `min_chars`; reddit `subreddit`; bluesky
    `access_token` (mastodon and bluesky also read the token from `api_key`).
    `base_url` overrides the API's host (tests, self-hosted instances).
    """

    source: str
    query: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    base_url: str | None = None


@dataclass
class CollectResult:
    """A run's outcome: new items, the cursor for the next run, and pacing hints.

    `not_modified` is True when the source said nothing changed (HTTP 304, same page hash).
    `retry_after` is set when the run stopped early because the quota is used up: the items
    are still good, and the scheduler should not come back before that many seconds.
    """

    items: list[CollectedItem] = field(default_factory=list)
    cursor: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False
    retry_after: float | None = None


@runtime_checkable
class Collector(Protocol):
    """One network's collector.

    Cursor semantics: an empty cursor fetches recent items (a bounded number of pages); a
    cursor from a previous run fetches only newer items; running twice with the same cursor
    returns the same items (the pipeline deduplicates anyway). Failures raise the typed errors
    of `app.connectors.errors`.
    """

    source: ClassVar[str]

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult: ...
