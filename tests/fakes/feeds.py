"""Fake feed host: RSS 2.0 and Atom files, and Google News / Bing News search feeds.

GET /feeds/news.xml        Google-News-style RSS (data/news_rss.xml, one malformed item)
GET /feeds/blog.atom       Atom with relative links and HTML content (data/blog_atom.xml)
GET /rss/search?q=…        the same RSS, at Google News' path
GET /news/search?format=rss&q=…   the same RSS, at Bing News' path
GET /feeds/not-a-feed      an HTML page served as text/html
Answers carry ETag and Last-Modified and honour If-None-Match / If-Modified-Since (304),
unless `validators` is False. `add_items` takes RSS <item> XML snippets, inserted at the top
of the RSS feed (and moves Last-Modified forward).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, conditional, load_text

RSS = "application/rss+xml; charset=utf-8"
BASE_MODIFIED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def rss_item(guid: str, title: str, link: str, pub_date: datetime, description: str = "") -> str:
    """An RSS <item> to pass to `add_items`."""
    return (f"<item><title>{title}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<pubDate>{format_datetime(pub_date, usegmt=True)}</pubDate>"
            f"<description>{description}</description></item>")


class FeedsFake(Fake):
    validators = True

    def routes(self) -> list[Route]:
        return [Route("/feeds/news.xml", self.news), Route("/rss/search", self.news),
                Route("/news/search", self.news), Route("/feeds/blog.atom", self.atom),
                Route("/feeds/not-a-feed", self.not_a_feed)]

    def _last_modified(self) -> str:
        return format_datetime(BASE_MODIFIED + timedelta(minutes=len(self.items)), usegmt=True)

    def render_rss(self) -> str:
        xml = load_text("news_rss.xml")
        at = xml.index("<item>")
        return xml[:at] + "\n".join(reversed(self.items)) + "\n" + xml[at:]

    async def news(self, request: Request) -> Response:
        return conditional(request, self.render_rss(), RSS, last_modified=self._last_modified(),
                           validators=self.validators)

    async def atom(self, request: Request) -> Response:
        return conditional(request, load_text("blog_atom.xml"), "application/atom+xml",
                           last_modified=self._last_modified(), validators=self.validators)

    async def not_a_feed(self, request: Request) -> Response:
        return HTMLResponse("<!doctype html><html><body><h1>Welcome</h1><p>No feed here."
                            "</p></body></html>")

    def load(self) -> list[Any]:
        return []
