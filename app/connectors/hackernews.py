"""Hacker News through the Algolia search API (hn.algolia.com/api/v1), newest first.

Request: GET /api/v1/search_by_date?query=&tags=(story,comment)&hitsPerPage=100&page=N
and, after the first run, numericFilters=created_at_i>T. Pages run from 0 while
page + 1 < nbPages, bounded by `max_pages` and `max_items`.
Cursor: {"created_at_i": newest creation time seen, epoch seconds}.
Rate limit: Algolia allows about 10,000 requests an hour per IP and answers 429 beyond.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.errors import ContentError, rate_limit_wait
from app.connectors.http import HttpCollector, json_body
from app.connectors.normalize import as_int, html_to_text, parse_datetime, reach_of

logger = logging.getLogger(__name__)

DEFAULT_BASE = "https://hn.algolia.com"
ITEM_URL = "https://news.ycombinator.com/item?id={id}"
USER_URL = "https://news.ycombinator.com/user?id={author}"


def _hit_to_item(hit: Any) -> CollectedItem | None:
    """One Algolia hit, or None when it lacks what a mention needs (id, creation time)."""
    if not isinstance(hit, dict):
        return None
    object_id, created = hit.get("objectID"), as_int(hit.get("created_at_i"))
    if not object_id or created is None:
        return None
    published = parse_datetime(created)
    if published is None:
        return None
    tags = hit.get("_tags") or []
    is_comment = "comment" in tags or hit.get("comment_text") is not None
    title = hit.get("title") or (f"Re: {hit['story_title']}" if hit.get("story_title") else None)
    text = html_to_text(hit.get("comment_text") or hit.get("story_text")) or (title or "")
    author = hit.get("author") or None
    return CollectedItem(
        source="hackernews",
        external_id=str(object_id),
        url=ITEM_URL.format(id=object_id),
        title=title,
        text=text,
        author=author,
        author_url=USER_URL.format(author=author) if author else None,
        published_at=published,
        lang_hint=None,
        reach=reach_of(score=hit.get("points"), comments=hit.get("num_comments")),
        # The linked article for stories; the discussion for comments.
        raw_ref=(hit.get("story_url") if is_comment else hit.get("url")) or None,
    )


class HackerNewsCollector(HttpCollector):
    source: ClassVar[str] = "hackernews"
    default_interval: ClassVar[float] = 0.5
    default_max_pages: ClassVar[int] = 3

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        url = f"{(config.base_url or DEFAULT_BASE).rstrip('/')}/api/v1/search_by_date"
        since = as_int(cursor.get("created_at_i"))
        params: dict[str, str | int] = {
            "tags": config.options.get("tags", "(story,comment)"),
            "hitsPerPage": min(100, max(1, max_items)),
        }
        if config.query:
            params["query"] = config.query
        if since is not None:
            params["numericFilters"] = f"created_at_i>{since}"
        params.update(config.params)

        items: list[CollectedItem] = []
        for page in range(self.max_pages):
            response = await self.fetcher.get(http, url, params={**params, "page": page})
            hits, nb_pages = self._page(response)
            for hit in hits:
                item = _hit_to_item(hit)
                if item is None:
                    logger.warning("hackernews: skipping malformed hit %r",
                                   hit.get("objectID") if isinstance(hit, dict) else hit)
                    continue
                items.append(item)
            if len(items) >= max_items or page + 1 >= nb_pages:
                break
            if (wait := rate_limit_wait(response.headers)) is not None:
                # More pages wanted but no quota: keep the old cursor so nothing is skipped.
                return CollectResult(items=items[:max_items], cursor=dict(cursor),
                                     retry_after=wait)
        kept = items[:max_items]
        newest = max([since or 0, *(int(i.published_at.timestamp()) for i in kept)])
        new_cursor = {"created_at_i": str(newest)} if newest else dict(cursor)
        return CollectResult(items=kept, cursor=new_cursor,
                             retry_after=rate_limit_wait(response.headers))

    def _page(self, response: httpx.Response) -> tuple[list[Any], int]:
        data = json_body(self.source, response)
        if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
            raise ContentError(self.source, "search answer has no hits list")
        return data["hits"], as_int(data.get("nbPages")) or 0
