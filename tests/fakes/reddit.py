"""Fake Reddit search listing: GET /search.json and /r/{subreddit}/search.json.

Sorts by created_utc (sort=new), pages with `limit` and `after`/`before` fullnames, filters
by subreddit when restrict_sr is set, and sends x-ratelimit-used/-remaining/-reset on every
answer (`remaining` counts down from `budget`). `q` and `t` are recorded, not matched.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, load_json


class RedditFake(Fake):
    budget: float = 100.0
    reset_seconds: int = 412

    def load(self) -> list[Any]:
        self.used = 0
        return list(load_json("reddit_search.json")["data"]["children"])

    def routes(self) -> list[Route]:
        return [Route("/search.json", self.search), Route("/r/{sub}/search.json", self.search)]

    def _ratelimit_headers(self) -> dict[str, str]:
        self.used += 1
        return {"x-ratelimit-used": str(self.used),
                "x-ratelimit-remaining": f"{max(0.0, self.budget - self.used):.1f}",
                "x-ratelimit-reset": str(self.reset_seconds)}

    async def search(self, request: Request) -> Response:
        q = request.query_params
        children = [c for c in self.items if isinstance(c.get("data"), dict)]
        sub = request.path_params.get("sub")
        if sub and q.get("restrict_sr") in ("1", "true", "on"):
            children = [c for c in children
                        if str(c["data"].get("subreddit", "")).lower() == sub.lower()]
        children.sort(key=lambda c: c["data"].get("created_utc") or 0, reverse=True)
        names = [c["data"].get("name") for c in children]
        start, end = 0, len(children)
        if q.get("after") and q["after"] in names:
            start = names.index(q["after"]) + 1
        if q.get("before") and q["before"] in names:
            end = names.index(q["before"])
        limit = max(1, min(100, int(q.get("limit", "25"))))
        window = children[start:end]
        page = window[-limit:] if q.get("before") and not q.get("after") else window[:limit]
        more = start + limit < end
        named = [c["data"]["name"] for c in page if c["data"].get("name")]
        after = named[-1] if named and more else None
        listing = {"after": after, "dist": len(page), "modhash": "", "geo_filter": "",
                   "children": page, "before": None}
        return JSONResponse({"kind": "Listing", "data": listing},
                            headers=self._ratelimit_headers())
