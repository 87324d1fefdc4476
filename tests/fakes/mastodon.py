"""Fake Mastodon instance: hashtag timelines and v2 status search.

GET /api/v1/timelines/tag/{hashtag}: statuses carrying the tag, newest first, with
max_id/since_id/min_id/limit (default 20, max 40) and a Link header (next = older with
max_id, prev = newer with min_id), as Mastodon sends it.
GET /api/v2/search?q=&type=statuses: statuses whose text contains q; like many instances,
anonymous clients get no statuses when `search_needs_auth` is set, and `offset` is refused
(401) without a token. Every answer carries X-RateLimit-Limit/-Remaining/-Reset (ISO 8601).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, load_json


def _key(status_id: Any) -> tuple[int, str]:
    text = str(status_id or "")
    return (len(text), text)


class MastodonFake(Fake):
    search_needs_auth = False
    valid_token = "fake-mastodon-token"

    def load(self) -> list[Any]:
        return list(load_json("mastodon_statuses.json"))

    def routes(self) -> list[Route]:
        return [Route("/api/v1/timelines/tag/{hashtag}", self.tag_timeline),
                Route("/api/v2/search", self.search)]

    def _headers(self) -> dict[str, str]:
        reset = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299",
                "X-RateLimit-Reset": reset}

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.valid_token}"

    def _window(self, statuses: list[dict[str, Any]], request: Request,
                offset: int = 0) -> list[dict[str, Any]]:
        q = request.query_params
        limit = max(1, min(40, int(q.get("limit", "20"))))
        statuses = sorted(statuses, key=lambda s: _key(s.get("id")), reverse=True)
        if q.get("max_id"):
            statuses = [s for s in statuses if _key(s.get("id")) < _key(q["max_id"])]
        for bound in ("since_id", "min_id"):
            if q.get(bound):
                statuses = [s for s in statuses if _key(s.get("id")) > _key(q[bound])]
        statuses = statuses[offset:]
        # min_id pages forward: the statuses immediately newer than it, still newest first.
        return statuses[-limit:] if q.get("min_id") else statuses[:limit]

    async def tag_timeline(self, request: Request) -> Response:
        tag = request.path_params["hashtag"].lower()
        tagged = [s for s in self.items
                  if any(str(t.get("name", "")).lower() == tag for t in s.get("tags") or [])]
        page = self._window(tagged, request)
        headers = self._headers()
        if page:
            base = str(request.url.replace(query=""))
            keep = {k: v for k, v in request.query_params.items() if k == "limit"}
            older = urlencode({**keep, "max_id": page[-1]["id"]})
            newer = urlencode({**keep, "min_id": page[0]["id"]})
            headers["Link"] = f'<{base}?{older}>; rel="next", <{base}?{newer}>; rel="prev"'
        return JSONResponse(page, headers=headers)

    async def search(self, request: Request) -> Response:
        q = request.query_params
        authorized = self._authorized(request)
        if q.get("offset") and not authorized:
            return JSONResponse({"error": "Search queries pagination is not supported without "
                                          "authentication"}, status_code=401)
        statuses: list[dict[str, Any]] = []
        if q.get("type", "statuses") == "statuses" and (authorized or not self.search_needs_auth):
            needle = q.get("q", "").lower()
            statuses = [s for s in self.items if needle in str(s.get("content", "")).lower()]
            statuses = self._window(statuses, request, int(q.get("offset", "0")))
        return JSONResponse({"accounts": [], "statuses": statuses, "hashtags": []},
                            headers=self._headers())
