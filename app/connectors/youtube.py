"""YouTube Data API v3 search.list (videos, newest first), with an API key.

Request: GET {base}/youtube/v3/search?part=snippet&type=video&order=date&q=&maxResults=50
[&publishedAfter=T][&pageToken=P]&key=K, base https://www.googleapis.com; then one
GET /youtube/v3/videos?part=statistics&id=a,b,… for views/likes/comments (best effort).
Quota: search.list costs 100 units of the default 10,000 a day, videos.list 1 unit, so runs
are bounded to two search pages by default.

Cursor: {"published_after": publishedAt of the newest video seen, "seen": its video ids}
(publishedAfter is inclusive, so ids at that instant are skipped on the next run).
Errors: 403 quotaExceeded → RateLimitedError until the quota resets (midnight Pacific time);
rateLimitExceeded → RateLimitedError(60 s); 400 keyInvalid / API_KEY_INVALID and other 403s
→ AuthError; other 400s → ContentError with Google's message.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import join_ids, split_ids
from app.connectors.errors import (
    AuthError,
    ConnectorError,
    ContentError,
    RateLimitedError,
)
from app.connectors.http import HttpCollector, json_body
from app.connectors.normalize import clean_text, isoformat, parse_datetime, reach_of

logger = logging.getLogger(__name__)

DEFAULT_BASE = "https://www.googleapis.com"
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
KEY_REASONS = frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"})
PACIFIC = ZoneInfo("America/Los_Angeles")


def seconds_until_quota_reset(now: datetime | None = None) -> float:
    """YouTube daily quotas reset at midnight Pacific time."""
    now = (now or datetime.now(PACIFIC)).astimezone(PACIFIC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60.0, (midnight - now).total_seconds())


def _reasons(response: httpx.Response) -> tuple[set[str], str]:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        return set(), ""
    if not isinstance(error, dict):
        return set(), ""
    found = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
    found |= {d.get("reason") for d in error.get("details") or [] if isinstance(d, dict)}
    return {r for r in found if isinstance(r, str)}, str(error.get("message") or "")[:200]


def api_error(response: httpx.Response) -> ConnectorError:
    """The typed error of a 400/403 answer, read from Google's error reasons."""
    reasons, message = _reasons(response)
    status = response.status_code
    if reasons & QUOTA_REASONS:
        return RateLimitedError("youtube", seconds_until_quota_reset(), "daily quota exceeded",
                                status=status)
    if reasons & RATE_REASONS:
        return RateLimitedError("youtube", 60.0, "rate limit exceeded", status=status)
    if status == 403 or reasons & KEY_REASONS:
        return AuthError("youtube", message or "API key refused", status=status)
    return ContentError("youtube", message or f"HTTP {status}", status=status)


def _result_to_item(result: Any) -> CollectedItem | None:
    if not isinstance(result, dict) or not isinstance(result.get("snippet"), dict):
        return None
    ident, snippet = result.get("id"), result["snippet"]
    video_id = ident.get("videoId") if isinstance(ident, dict) else None
    published = parse_datetime(snippet.get("publishedAt"))
    if not isinstance(video_id, str) or not video_id or published is None:
        return None
    # search.list HTML-escapes titles and descriptions ("L&#39;Oréal").
    title = clean_text(html.unescape(snippet.get("title") or "")) or None
    channel = snippet.get("channelId")
    return CollectedItem(
        source="youtube",
        external_id=video_id,
        url=f"https://www.youtube.com/watch?v={video_id}",
        title=title,
        text=clean_text(html.unescape(snippet.get("description") or "")) or (title or ""),
        author=clean_text(html.unescape(snippet.get("channelTitle") or "")) or None,
        author_url=f"https://www.youtube.com/channel/{channel}" if channel else None,
        published_at=published,
        lang_hint=None,
        reach={},
        raw_ref=channel,
    )


class YouTubeCollector(HttpCollector):
    source: ClassVar[str] = "youtube"
    default_interval: ClassVar[float] = 0.2
    default_max_pages: ClassVar[int] = 2

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        key = config.options.get("api_key")
        if not key:
            raise AuthError(self.source, "no YouTube API key configured")
        base = f"{(config.base_url or DEFAULT_BASE).rstrip('/')}/youtube/v3"
        since = parse_datetime(cursor.get("published_after"))
        seen = set(split_ids(cursor.get("seen")))
        params: dict[str, str | int] = {"part": "snippet", "type": "video", "order": "date",
                                        "maxResults": min(50, max(1, max_items)), "key": key}
        if config.query:
            params["q"] = config.query
        if since is not None:
            params["publishedAfter"] = isoformat(since)
        params.update(config.params)

        items: list[CollectedItem] = []
        token: str | None = None
        for _ in range(self.max_pages):
            page_params = {**params, **({"pageToken": token} if token else {})}
            response = await self._get(http, f"{base}/search", page_params)
            results, token = self._page(response)
            reached_boundary = False
            for result in results:
                item = _result_to_item(result)
                if item is None:
                    logger.warning("youtube: skipping malformed search result")
                    continue
                if since is not None and item.published_at < since:
                    reached_boundary = True
                    continue
                if since is not None and item.published_at == since and item.external_id in seen:
                    continue  # unseen videos of that same second may still follow
                items.append(item)
            if reached_boundary or not token or len(items) >= max_items:
                break
        kept = await self._with_statistics(http, base, key, items[:max_items])
        return CollectResult(items=kept, cursor=self._cursor(kept, since, seen, cursor))

    async def _get(self, http: httpx.AsyncClient, url: str,
                   params: dict[str, str | int]) -> httpx.Response:
        response = await self.fetcher.get(http, url, params=params, ok=(200, 400, 403))
        if response.status_code != 200:
            raise api_error(response)
        return response

    async def _with_statistics(self, http: httpx.AsyncClient, base: str, key: str,
                               items: list[CollectedItem]) -> list[CollectedItem]:
        """Add views/likes/comments; a failure here must not lose the videos found."""
        if not items:
            return items
        params: dict[str, str | int] = {"part": "statistics", "key": key,
                                        "id": ",".join(i.external_id for i in items[:50])}
        try:
            response = await self._get(http, f"{base}/videos", params)
            data = json_body(self.source, response)
            videos = data.get("items") if isinstance(data, dict) else None
            if not isinstance(videos, list):
                raise ContentError(self.source, "videos answer has no items list")
        except ConnectorError as exc:
            # Even a quota error here keeps the search's videos: they cost 100 units each page.
            logger.warning("youtube: statistics unavailable: %s", exc)
            return items
        stats = {v.get("id"): v.get("statistics") for v in videos if isinstance(v, dict)}
        return [self._reached(item, stats.get(item.external_id)) for item in items]

    @staticmethod
    def _reached(item: CollectedItem, stats: Any) -> CollectedItem:
        if not isinstance(stats, dict):
            return item
        reach = reach_of(views=stats.get("viewCount"), likes=stats.get("likeCount"),
                         comments=stats.get("commentCount"))
        return dataclasses.replace(item, reach=reach)

    @staticmethod
    def _cursor(kept: list[CollectedItem], since: datetime | None, seen: set[str],
                old: dict[str, str]) -> dict[str, str]:
        if not kept:
            return dict(old)
        top = max(item.published_at for item in kept)
        at_top = [item.external_id for item in kept if item.published_at == top]
        if since is not None and top == since:
            at_top += sorted(seen)
        return {"published_after": isoformat(top), "seen": join_ids(at_top, 50)}

    def _page(self, response: httpx.Response) -> tuple[list[Any], str | None]:
        data = json_body(self.source, response)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ContentError(self.source, "search answer has no items list")
        token = data.get("nextPageToken")
        return data["items"], token if isinstance(token, str) and token else None
