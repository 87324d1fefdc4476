"""Fake website for the page watcher.

GET /page       data/web_page.html (a French press-release page with nav, scripts, noscript)
GET /page.json  a non-HTML resource
The page carries ETag/Last-Modified and answers 304 to a current client unless
`validators` is False. `add_items` takes HTML snippets (e.g. "<p>…</p>") inserted at the top
of <main>; `page` can also be replaced wholesale.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, conditional, load_text

BASE_MODIFIED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class WebFake(Fake):
    validators = True

    def load(self) -> list[Any]:
        self.page = load_text("web_page.html")
        return []

    def routes(self) -> list[Route]:
        return [Route("/page", self.serve_page), Route("/page.json", self.json_resource)]

    def render(self) -> str:
        at = self.page.index("<main>") + len("<main>")
        return self.page[:at] + "\n".join(reversed(self.items)) + self.page[at:]

    async def serve_page(self, request: Request) -> Response:
        modified = format_datetime(BASE_MODIFIED + timedelta(minutes=len(self.items)),
                                   usegmt=True)
        return conditional(request, self.render(), "text/html; charset=utf-8",
                           last_modified=modified, validators=self.validators)

    async def json_resource(self, request: Request) -> Response:
        return JSONResponse({"not": "html"})
