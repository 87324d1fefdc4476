"""Reddit through its public search listing (`search.json`), newest first.

Request: GET /search.json?q=&sort=new&t=&limit=100&raw_json=1[&after=t3_x] (or
/r/{subreddit}/search.json with restrict_sr=1 when the `subreddit` option is set).
`t` is "week" on a first run (recent items only), "all" afterwards; params may override it.

Cursor: {"newest_utc": creation time of the newest post seen, "seen": its fullnames at that
second}. A later run pages back with `after` and stops at the first post not newer than the
cursor. We do not send `before=<fullname>`: when that post is deleted Reddit answers an empty
listing forever, silently ending the watch.

Rate limit: every answer carries x-ratelimit-used/-remaining/-reset (seconds to the end of
the window). When none remain we stop paging and report `retry_after`; 429 raises.
Reach: score, comments, and followers = subscribers of the subreddit it was posted to.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import split_ids
from app.connectors.errors import ContentError
from app.connectors.http import HttpCollector, json_body
from app.connectors.normalize import clean_text, html_to_text, parse_datetime, reach_of
from app.connectors.paging import Page, Watermark, newest_first

DEFAULT_BASE = "https://www.reddit.com"
WEB_BASE = "https://www.reddit.com"


def _text(post: dict[str, Any]) -> str:
    body = post.get("selftext_html")
    if isinstance(body, str) and body:
        # Without raw_json=1 Reddit entity-escapes the HTML once more.
        return html_to_text(body if "<" in body else html.unescape(body))
    return clean_text(post.get("selftext") if isinstance(post.get("selftext"), str) else "")


def _post_to_item(child: Any) -> tuple[CollectedItem, float] | None:
    post = child.get("data") if isinstance(child, dict) else None
    if not isinstance(post, dict):
        return None
    fullname, created = post.get("name"), post.get("created_utc")
    if not isinstance(created, int | float) or isinstance(created, bool):
        return None
    published = parse_datetime(created)
    if not isinstance(fullname, str) or not fullname or published is None:
        return None
    title = clean_text(post.get("title")) or None
    author = post.get("author") if post.get("author") not in (None, "[deleted]") else None
    permalink = post.get("permalink") or ""
    item = CollectedItem(
        source="reddit",
        external_id=fullname,
        url=f"{WEB_BASE}{permalink}" if permalink.startswith("/") else str(post.get("url") or ""),
        title=title,
        text=_text(post) or (title or ""),
        author=author,
        author_url=f"{WEB_BASE}/user/{author}" if author else None,
        published_at=published,
        lang_hint=None,
        reach=reach_of(score=post.get("score"), comments=post.get("num_comments"),
                       followers=post.get("subreddit_subscribers")),
        raw_ref=post.get("url") if not post.get("is_self") else None,
    )
    return item, float(created)


class RedditCollector(HttpCollector):
    source: ClassVar[str] = "reddit"
    # Reddit asks unauthenticated clients for about one request every two seconds.
    default_interval: ClassVar[float] = 2.0
    default_max_pages: ClassVar[int] = 3

    def _url_and_params(self, config: SourceConfig, first_run: bool,
                        max_items: int) -> tuple[str, dict[str, str | int]]:
        base = (config.base_url or DEFAULT_BASE).rstrip("/")
        params: dict[str, str | int] = {"sort": "new", "t": "week" if first_run else "all",
                                        "limit": min(100, max(1, max_items)), "raw_json": 1}
        if config.query:
            params["q"] = config.query
        subreddit = config.options.get("subreddit", "").strip().removeprefix("r/")
        if subreddit:
            params["restrict_sr"] = 1
            return f"{base}/r/{subreddit}/search.json", {**params, **config.params}
        return f"{base}/search.json", {**params, **config.params}

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        newest_utc = float(cursor["newest_utc"]) if cursor.get("newest_utc") else None
        url, params = self._url_and_params(config, newest_utc is None, max_items)

        async def fetch(after: str | None, _number: int) -> Page:
            response = await self.fetcher.get(
                http, url, params={**params, **({"after": after} if after else {})})
            return (*self._page(response), response)

        return await newest_first(
            fetch, _post_to_item, Watermark(newest_utc, set(split_ids(cursor.get("seen")))),
            cursor, source=self.source, max_pages=self.max_pages, max_items=max_items,
            cursor_key="newest_utc", encode=repr, seen_limit=100)

    def _page(self, response: httpx.Response) -> tuple[list[Any], str | None]:
        data = json_body(self.source, response)
        listing = data.get("data") if isinstance(data, dict) else None
        if not isinstance(listing, dict) or not isinstance(listing.get("children"), list):
            raise ContentError(self.source, "answer is not a Reddit listing")
        after = listing.get("after")
        return listing["children"], after if isinstance(after, str) and after else None
