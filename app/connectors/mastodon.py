"""Mastodon: a hashtag timeline or a status search on one chosen instance.

Options: `instance` (base URL or host, e.g. https://mastodon.social), `hashtag` (with or
without #), `access_token` or `api_key` (needed by many instances for status search),
`local` ("true").
With a hashtag: GET /api/v1/timelines/tag/{hashtag}?limit=40[&since_id=X][&max_id=Y],
older pages found through the Link header's rel="next". Otherwise, with a query:
GET /api/v2/search?q=&type=statuses&limit=40&resolve=false[&min_id=X], paged with `offset`
only when a token is given (instances refuse offset to anonymous clients).

Cursor: {"since_id": newest status id seen on this instance}.
Rate limit: X-RateLimit-Remaining/Reset (an ISO 8601 time), 300 requests per 5 minutes by
default; when used up we stop paging and report `retry_after`.
external_id is the status's ActivityPub `uri`: the same post seen through two instances is
one mention.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import id_order, newer_id
from app.connectors.errors import ContentError, rate_limit_wait
from app.connectors.http import HttpCollector, json_body
from app.connectors.normalize import clean_text, html_to_text, lang_prefix, parse_datetime, reach_of

logger = logging.getLogger(__name__)

PAGE_SIZE = 40  # the API's maximum for both endpoints


def _status_to_item(status: Any) -> CollectedItem | None:
    if not isinstance(status, dict):
        return None
    status_id, published = status.get("id"), parse_datetime(status.get("created_at"))
    account = status.get("account")
    account = account if isinstance(account, dict) else {}
    if not isinstance(status_id, str) or not status_id or published is None:
        return None
    text = html_to_text(status.get("content"))
    if status.get("spoiler_text"):
        text = f"CW: {clean_text(status['spoiler_text'])}\n{text}".strip()
    url = status.get("url") or status.get("uri")
    if not isinstance(url, str) or not url:
        return None
    return CollectedItem(
        source="mastodon",
        external_id=str(status.get("uri") or url),
        url=url,
        title=None,
        text=text,
        author=account.get("display_name") or account.get("acct") or None,
        author_url=account.get("url") or None,
        published_at=published,
        lang_hint=lang_prefix(status.get("language")),
        reach=reach_of(likes=status.get("favourites_count"), reposts=status.get("reblogs_count"),
                       replies=status.get("replies_count"),
                       followers=account.get("followers_count")),
        raw_ref=status_id,
    )


def _instance_base(config: SourceConfig) -> str:
    base = config.base_url or config.options.get("instance", "").strip()
    if not base:
        raise ContentError("mastodon", "no instance configured")
    if "://" not in base:
        base = f"https://{base}"
    return base.rstrip("/")


class MastodonCollector(HttpCollector):
    source: ClassVar[str] = "mastodon"
    default_interval: ClassVar[float] = 1.0
    default_max_pages: ClassVar[int] = 3

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        base = _instance_base(config)
        since = cursor.get("since_id") or None
        # The pipeline hands a source's stored secret over as `api_key`.
        token = config.options.get("access_token") or config.options.get("api_key")
        headers = {"Authorization": f"Bearer {token}"} if token else None
        hashtag = config.options.get("hashtag", "").strip().lstrip("#")
        if hashtag:
            url = f"{base}/api/v1/timelines/tag/{hashtag}"
            params: dict[str, str | int] = {"limit": min(PAGE_SIZE, max(1, max_items))}
            if since:
                params["since_id"] = since
            if config.options.get("local") == "true":
                params["local"] = "true"
        elif config.query:
            url = f"{base}/api/v2/search"
            params = {"q": config.query, "type": "statuses",
                      "limit": min(PAGE_SIZE, max(1, max_items)), "resolve": "false"}
            if since:
                params["min_id"] = since
        else:
            raise ContentError(self.source, "set a hashtag or a query")
        params.update(config.params)

        items: list[CollectedItem] = []
        for page in range(self.max_pages):
            response = await self.fetcher.get(http, url, params=params, headers=headers)
            statuses = self._statuses(response, search=not hashtag)
            for status in statuses:
                if isinstance(status, dict) and status.get("reblog"):
                    continue  # a boost: the original post is listed in its own right
                item = _status_to_item(status)
                if item is None:
                    logger.warning("mastodon: skipping malformed status")
                    continue
                if since and id_order(item.raw_ref or "") <= id_order(since):
                    continue  # instances without since_id support send old posts again
                items.append(item)
            next_params = self._next_params(response, params, page, len(statuses), bool(token),
                                            search=not hashtag)
            if next_params is None or len(items) >= max_items:
                break
            if (wait := rate_limit_wait(response.headers)) is not None:
                return CollectResult(items=items[:max_items], cursor=dict(cursor),
                                     retry_after=wait)
            params = next_params
        kept = items[:max_items]
        newest = since
        for item in kept:
            newest = newer_id(newest, item.raw_ref)
        return CollectResult(items=kept, cursor={"since_id": newest} if newest else dict(cursor),
                             retry_after=rate_limit_wait(response.headers))

    def _statuses(self, response: httpx.Response, *, search: bool) -> list[Any]:
        data = json_body(self.source, response)
        if search:
            data = data.get("statuses") if isinstance(data, dict) else None
        if not isinstance(data, list):
            raise ContentError(self.source, "answer is not a list of statuses")
        return data

    @staticmethod
    def _next_params(response: httpx.Response, params: dict[str, str | int], page: int,
                     count: int, has_token: bool, *, search: bool) -> dict[str, str | int] | None:
        """The next (older) page's parameters, keeping since_id so paging stops at the cursor."""
        size = int(params.get("limit", PAGE_SIZE))
        if count < size:
            return None  # a short page is the last one
        if search:
            return {**params, "offset": (page + 1) * size} if has_token else None
        next_url = response.links.get("next", {}).get("url")
        if not next_url:
            return None
        max_id = httpx.URL(next_url).params.get("max_id")
        return {**params, "max_id": max_id} if max_id else None
