"""Bluesky through the AppView's app.bsky.feed.searchPosts (public, no login needed).

Request: GET {base}/xrpc/app.bsky.feed.searchPosts?q=&sort=latest&limit=100[&since=T]
[&cursor=C], base https://public.api.bsky.app by default; params pass through (`lang`...).
Option `access_token` (or `api_key`): sent as a Bearer token (an authenticated AppView or
a PDS proxy).

Cursor: {"since": sortAt of the newest post seen (ISO 8601), "seen": its at:// URIs}.
`since` is inclusive and compares the post's sortAt (the earlier of createdAt and indexedAt),
so later runs skip URIs already seen at that instant and stop at the first older post.
Rate limit: RateLimit-Remaining/RateLimit-Reset (epoch seconds) headers and 429.
Follow-up pages may be refused (403) to anonymous clients: we keep what the first page gave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import split_ids
from app.connectors.errors import AuthError, ContentError
from app.connectors.http import HttpCollector, json_body
from app.connectors.normalize import clean_text, lang_prefix, parse_datetime, reach_of
from app.connectors.paging import Page, Watermark, newest_first

DEFAULT_BASE = "https://public.api.bsky.app"
WEB_BASE = "https://bsky.app"


def post_url(uri: str, handle: str | None) -> str | None:
    """https://bsky.app/profile/{handle}/post/{rkey} from at://{did}/app.bsky.feed.post/{rkey}."""
    parts = uri.removeprefix("at://").split("/")
    if not uri.startswith("at://") or len(parts) != 3 or parts[1] != "app.bsky.feed.post":
        return None
    actor = handle if handle and handle != "handle.invalid" else parts[0]
    return f"{WEB_BASE}/profile/{actor}/post/{parts[2]}"


def _to_iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _post_to_item(post: Any) -> tuple[CollectedItem, datetime] | None:
    if not isinstance(post, dict) or not isinstance(post.get("record"), dict):
        return None
    record, author = post["record"], post.get("author")
    author = author if isinstance(author, dict) else {}
    uri, created = post.get("uri"), parse_datetime(post["record"].get("createdAt"))
    indexed = parse_datetime(post.get("indexedAt"))
    url = post_url(uri, author.get("handle")) if isinstance(uri, str) else None
    if url is None or (created or indexed) is None:
        return None
    sort_at = min(d for d in (created, indexed) if d is not None)
    did, handle = author.get("did"), author.get("handle")
    handle = handle if handle and handle != "handle.invalid" else None
    actor = handle or did
    langs = record.get("langs") if isinstance(record.get("langs"), list) else []
    item = CollectedItem(
        source="bluesky",
        external_id=str(uri),
        url=url,
        title=None,
        text=clean_text(record.get("text") if isinstance(record.get("text"), str) else ""),
        author=author.get("displayName") or actor or None,
        author_url=f"{WEB_BASE}/profile/{actor}" if actor else None,
        # sortAt, not createdAt: a client with a wrong clock can date a post in the future.
        published_at=sort_at,
        lang_hint=lang_prefix(langs[0]) if langs else None,
        reach=reach_of(likes=post.get("likeCount"), reposts=post.get("repostCount"),
                       replies=post.get("replyCount"), quotes=post.get("quoteCount")),
        raw_ref=str(post.get("cid")) if post.get("cid") else None,
    )
    return item, sort_at


class BlueskyCollector(HttpCollector):
    source: ClassVar[str] = "bluesky"
    default_interval: ClassVar[float] = 0.5
    default_max_pages: ClassVar[int] = 3

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        if not config.query:
            raise ContentError(self.source, "Bluesky search needs a query")
        url = f"{(config.base_url or DEFAULT_BASE).rstrip('/')}/xrpc/app.bsky.feed.searchPosts"
        since = parse_datetime(cursor.get("since"))
        params: dict[str, str | int] = {"q": config.query, "sort": "latest",
                                        "limit": min(100, max(1, max_items))}
        if since is not None:
            params["since"] = _to_iso(since)
        params.update(config.params)
        # The pipeline hands a source's stored secret over as `api_key`.
        token = config.options.get("access_token") or config.options.get("api_key")
        headers = {"Authorization": f"Bearer {token}"} if token else None

        async def fetch(page_cursor: str | None, number: int) -> Page:
            page_params = {**params, **({"cursor": page_cursor} if page_cursor else {})}
            try:
                response = await self.fetcher.get(http, url, params=page_params,
                                                  headers=headers)
            except AuthError:
                if number == 0:
                    raise
                return None  # anonymous clients may only get the first page
            return (*self._page(response), response)

        return await newest_first(
            fetch, _post_to_item, Watermark(since, set(split_ids(cursor.get("seen")))),
            cursor, source=self.source, max_pages=self.max_pages, max_items=max_items,
            cursor_key="since", encode=_to_iso, seen_limit=50)

    def _page(self, response: httpx.Response) -> tuple[list[Any], str | None]:
        data = json_body(self.source, response)
        if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
            raise ContentError(self.source, "searchPosts answer has no posts list")
        next_cursor = data.get("cursor")
        return data["posts"], next_cursor if isinstance(next_cursor, str) and next_cursor else None
