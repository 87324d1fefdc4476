"""Web page watcher: a page's visible text, one item per paragraph that appeared.

Option `url` (or `base_url`): the page. Request: a conditional GET (If-None-Match /
If-Modified-Since); 304 → not modified. The HTML is reduced to visible text blocks
(paragraphs, list items, headings, table cells) with the standard library's parser; blocks
shorter than `min_chars` (option, default 20) are ignored as navigation noise.

First run: records the baseline and emits nothing. A watch is about changes: the paragraphs
already on the page when the watch starts are not news, and emitting them would flood the
mention inbox with a site's boilerplate.
Later runs: same page hash → not modified; otherwise one item per block whose hash was not
on the page last time (edited paragraphs count as new), external_id = hash of URL + block.

Cursor: {"page_hash", "blocks": 12-char hashes of the page's first 1000 blocks, "etag",
"last_modified"}; about 13 KB at most.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import ClassVar

import httpx

from app.connectors.base import CollectedItem, CollectResult, SourceConfig
from app.connectors.cursors import join_ids, split_ids
from app.connectors.errors import ContentError
from app.connectors.http import HttpCollector
from app.connectors.normalize import extract_page, short_hash, truncate

logger = logging.getLogger(__name__)

BLOCK_LIMIT = 1000
DEFAULT_MIN_CHARS = 20
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(response: httpx.Response) -> str:
    """Text of an HTML answer: header charset, else <meta charset>, else UTF-8."""
    content_type = response.headers.get("content-type", "")
    if "charset=" in content_type.lower():
        return response.text
    match = _META_CHARSET.search(response.content[:4096])
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return response.content.decode(encoding, errors="replace")
    except LookupError:  # an unknown charset name in the page
        return response.content.decode("utf-8", errors="replace")


def _is_html(response: httpx.Response) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    if content_type:
        return "html" in content_type or content_type.startswith("text/")
    return b"<" in response.content[:1024]


class WebPageCollector(HttpCollector):
    source: ClassVar[str] = "web"
    default_interval: ClassVar[float] = 1.0
    default_max_pages: ClassVar[int] = 1

    async def collect(self, http: httpx.AsyncClient, config: SourceConfig,
                      cursor: dict[str, str], *, max_items: int = 200) -> CollectResult:
        url = config.options.get("url") or config.base_url
        if not url:
            raise ContentError(self.source, "no page url configured")
        headers: dict[str, str] = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("last_modified"):
            headers["If-Modified-Since"] = cursor["last_modified"]
        response = await self.fetcher.get(http, url, headers=headers, ok=(200, 304))
        if response.status_code == 304:
            return CollectResult(cursor=dict(cursor), not_modified=True)
        if not _is_html(response):
            raise ContentError(self.source, "not an HTML page "
                               f"({response.headers.get('content-type', 'unknown type')})")

        page = extract_page(decode_html(response))
        try:
            min_chars = int(config.options.get("min_chars", DEFAULT_MIN_CHARS))
        except ValueError:
            raise ContentError(self.source, "min_chars must be a whole number") from None
        blocks = [b for b in page.blocks if len(b) >= min_chars][:BLOCK_LIMIT]
        page_hash = short_hash(*blocks, size=32)
        new_cursor = {"page_hash": page_hash,
                      "blocks": join_ids((short_hash(b, size=12) for b in blocks), BLOCK_LIMIT)}
        for header, field in (("etag", "etag"), ("last-modified", "last_modified")):
            if response.headers.get(header):
                new_cursor[field] = response.headers[header]

        if "page_hash" not in cursor:
            return CollectResult(cursor=new_cursor)  # the baseline; see the module docstring
        if cursor["page_hash"] == page_hash:
            return CollectResult(cursor=new_cursor, not_modified=True)
        known = set(split_ids(cursor.get("blocks")))
        fetched_at = datetime.now(UTC)
        items = [self._item(str(response.url), page.title, page.lang, block, fetched_at)
                 for block in blocks if short_hash(block, size=12) not in known]
        return CollectResult(items=items[:max_items], cursor=new_cursor)

    @staticmethod
    def _item(url: str, title: str | None, lang: str | None, block: str,
              fetched_at: datetime) -> CollectedItem:
        return CollectedItem(
            source="web",
            external_id=short_hash(url, block, size=32),
            url=url,
            title=truncate(title, 300) if title else None,
            text=block,
            author=None,
            author_url=None,
            published_at=fetched_at,
            lang_hint=lang,
            reach={},
            raw_ref=None,
        )
