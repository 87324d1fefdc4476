"""Walking a search sorted newest first down to the previous run's watermark.

Reddit and Bluesky answer a search newest first, page after page, with no way to ask only
for what is newer than an id that still exists. A run pages back until the first item
older than the watermark (the newest time seen by the previous run). Items of that very
instant may be new: the ids already seen at it are kept in the cursor and skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from app.connectors.base import CollectedItem, CollectResult
from app.connectors.cursors import join_ids
from app.connectors.errors import rate_limit_wait

logger = logging.getLogger(__name__)

T = TypeVar("T")  # the time items are sorted by: epoch seconds, or a datetime
# One page: its raw entries, the next page's token (None: no more) and the response; or
# None when the source refuses more pages (what earlier pages gave is kept).
Page = tuple[list[Any], str | None, httpx.Response] | None


@dataclass
class Watermark(Generic[T]):
    newest: T | None  # None: first run
    seen: set[str] = field(default_factory=set)  # ids already stored at `newest`

    def cursor(self, kept: list[tuple[CollectedItem, T]], old: dict[str, str], *,
               key: str, encode: Callable[[T], str], limit: int) -> dict[str, str]:
        """The next run's cursor: the newest time kept and the ids at it (with those seen
        before when the time did not move); the old cursor when nothing was kept."""
        if not kept:
            return dict(old)
        top = max(at for _, at in kept)  # type: ignore[type-var]
        at_top = [item.external_id for item, at in kept if at == top]
        if self.newest is not None and top == self.newest:
            at_top += sorted(self.seen)
        return {key: encode(top), "seen": join_ids(at_top, limit)}


async def newest_first(fetch: Callable[[str | None, int], Awaitable[Page]],
                       parse: Callable[[Any], tuple[CollectedItem, T] | None],
                       watermark: Watermark[T], old_cursor: dict[str, str], *,
                       source: str, max_pages: int, max_items: int, cursor_key: str,
                       encode: Callable[[T], str], seen_limit: int) -> CollectResult:
    """Pages from `fetch(token, page_number)` (None for the first) until the watermark,
    the last page, `max_pages` or `max_items`. A rate limit reached before the walk ends
    stops it and keeps the old cursor, so the next run pages back over the rest."""
    found: list[tuple[CollectedItem, T]] = []
    token: str | None = None
    response: httpx.Response | None = None
    for number in range(max_pages):
        page = await fetch(token, number)
        if page is None:
            break
        entries, token, response = page
        reached_watermark = False
        for entry in entries:
            parsed = parse(entry)
            if parsed is None:
                logger.warning("%s: skipping a malformed entry", source)
                continue
            item, at = parsed
            if watermark.newest is not None and at < watermark.newest:  # type: ignore[operator]
                reached_watermark = True
                continue
            if watermark.newest is not None and at == watermark.newest \
                    and item.external_id in watermark.seen:
                continue  # unseen items of that same instant may still follow
            found.append(parsed)
        if reached_watermark or not token or len(found) >= max_items:
            break
        if (wait := rate_limit_wait(response.headers)) is not None:
            return CollectResult(items=[i for i, _ in found[:max_items]],
                                 cursor=dict(old_cursor), retry_after=wait)
    kept = found[:max_items]
    return CollectResult(
        items=[i for i, _ in kept],
        cursor=watermark.cursor(kept, old_cursor, key=cursor_key, encode=encode,
                                limit=seen_limit),
        retry_after=rate_limit_wait(response.headers) if response is not None else None)
