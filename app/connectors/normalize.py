"""Text, time and number normalisation shared by every collector.

HTML is read with the standard library's tolerant html.parser: it never raises on broken
markup (networks send plenty), and no compiled dependency is needed for plain text.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

# Content of these elements is never visible text.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe",
                   "object", "canvas", "select"})
# Elements that start a new block (paragraph) of text.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul",
})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    title: str | None
    lang: str | None
    blocks: list[str]


class _TextExtractor(HTMLParser):
    """Collects visible text as a list of blocks, plus the document's <title> and lang."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title: str | None = None
        self.lang: str | None = None
        self._current: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "html" and self.lang is None:
            self.lang = dict(attrs).get("lang")
        if tag == "body":
            # Pages that never close <head> (it is optional) must not hide their body.
            self._skip_depth = 0
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            title = _SPACES.sub(" ", data).strip()
            self.title = f"{self.title} {title}".strip() if self.title else (title or None)
        elif self._skip_depth == 0:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def extract_page(markup: str) -> PageText:
    """The title, declared language and visible text blocks (paragraphs, items, headings)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return PageText(title=parser.title, lang=lang_prefix(parser.lang), blocks=parser.blocks)


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment: one line per block, spaces collapsed."""
    if not markup:
        return ""
    if "<" not in markup:
        return clean_text(html.unescape(markup))
    return "\n".join(extract_page(markup).blocks)


def clean_text(text: str | None) -> str:
    """Collapse spaces inside lines and drop blank lines; line breaks carry meaning in posts."""
    if not text:
        return ""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_datetime(value: Any) -> datetime | None:
    """A UTC datetime from ISO 8601, epoch seconds, RFC 2822 or a time.struct_time."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, time.struct_time):
        # feedparser's *_parsed fields are struct_times already converted to UTC.
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return _parse_datetime_text(value.strip())
    return None


def _parse_datetime_text(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def isoformat(value: datetime) -> str:
    """RFC 3339 with a Z, the shape every API here accepts back."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_int(value: Any) -> int | None:
    """An int from an API counter (YouTube sends strings), None when absent or garbage."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None


def reach_of(**counters: Any) -> dict[str, int]:
    """Keep only the counters the API actually gave."""
    return {name: n for name, value in counters.items() if (n := as_int(value)) is not None}


def short_hash(*parts: str, size: int = 16) -> str:
    """A stable identifier for content that has none of its own (feed entries, paragraphs)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:size]


def lang_prefix(value: Any) -> str | None:
    """"fr-FR" → "fr": the pipeline only wants a hint of the primary language."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()[:8] or None
