"""Demo feeds bundled with Vigie and served by it, so the demo workspace collects real RSS
over HTTP with no internet. Dates are relative to when the API started, and a few items only
appear minutes later: a newcomer watches mentions arrive, then a bad buzz start."""

import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from fastapi import APIRouter, Response

from app.core.errors import NotFound

_ITEMS = json.loads((Path(__file__).parent / "items.json").read_text(encoding="utf-8"))
_STARTED = time.time()

router = APIRouter(prefix="/demo/feeds", tags=["demo"], include_in_schema=False)


def _visible(items: list[dict], now: float) -> list[tuple[int, dict, datetime]]:
    started = datetime.fromtimestamp(_STARTED, UTC)
    elapsed_min = (now - _STARTED) / 60
    shown = []
    for index, item in enumerate(items):
        delay = item.get("delay_minutes", 0)
        if delay > elapsed_min:
            continue
        published = started + timedelta(minutes=delay) - timedelta(hours=item["age_hours"])
        shown.append((index, item, published))
    return shown


def render(name: str, base_url: str, now: float | None = None) -> str:
    if name not in _ITEMS:
        raise NotFound("No such demo feed")
    entries = []
    for index, item, published in _visible(_ITEMS[name], now or time.time()):
        link = f"{base_url}/demo/posts/{name}/{index}"
        title = escape(item["title"] or item["text"][:80])
        entries.append(
            f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<description>{escape(item['text'])}</description>"
            f"<author>{escape(item['author'])}</author>"
            f"<pubDate>{format_datetime(published)}</pubDate></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Vigie demo: {name}</title><link>{base_url}</link>"
            f"<description>Demo feed</description>{''.join(entries)}</channel></rss>")


@router.get("/{name}.xml")
async def demo_feed(name: str) -> Response:
    from app.core.config import get_settings

    return Response(render(name, get_settings().public_url),
                    media_type="application/rss+xml; charset=utf-8")
