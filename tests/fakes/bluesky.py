"""Fake Bluesky AppView: GET /xrpc/app.bsky.feed.searchPosts.

Params q (required), sort (latest|top), since/until on sortAt (the earlier of createdAt and
indexedAt; since inclusive), lang, limit (1-100, default 25) and an opaque `cursor`. XRPC
errors are {"error", "message"} with 400. Every answer carries RateLimit-Limit/-Remaining/
-Reset (epoch seconds)/-Policy. With `anonymous_first_page_only`, a follow-up page without
an Authorization header is refused with 403, as the public AppView does for logged-out users.
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, load_json


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def sort_at(post: dict[str, Any]) -> datetime:
    record = post.get("record")
    record = record if isinstance(record, dict) else {}
    found = [d for d in (_when(record.get("createdAt")), _when(post.get("indexedAt"))) if d]
    return min(found) if found else datetime.min.replace(tzinfo=UTC)


class BlueskyFake(Fake):
    anonymous_first_page_only = False

    def load(self) -> list[Any]:
        return list(load_json("bluesky_posts.json"))

    def routes(self) -> list[Route]:
        return [Route("/xrpc/app.bsky.feed.searchPosts", self.search_posts)]

    @staticmethod
    def _error(status: int, name: str, message: str) -> Response:
        return JSONResponse({"error": name, "message": message}, status_code=status)

    async def search_posts(self, request: Request) -> Response:
        q = request.query_params
        if not q.get("q"):
            return self._error(400, "InvalidRequest", 'Error: Params must have the property "q"')
        limit = int(q.get("limit", "25"))
        if not 1 <= limit <= 100:
            return self._error(400, "InvalidRequest", "Error: limit must be between 1 and 100")
        if q.get("cursor") and self.anonymous_first_page_only and "authorization" not in {
                k.lower() for k in request.headers}:
            return self._error(403, "Forbidden", "Pagination requires authentication")
        posts = list(self.items)
        if q.get("since") and (since := _when(q["since"])):
            posts = [p for p in posts if sort_at(p) >= since]
        if q.get("until") and (until := _when(q["until"])):
            posts = [p for p in posts if sort_at(p) < until]
        if q.get("lang"):
            posts = [p for p in posts if q["lang"] in ((p.get("record") or {}).get("langs") or [])]
        posts.sort(key=sort_at, reverse=True)
        offset = int(base64.b64decode(q["cursor"]).decode()) if q.get("cursor") else 0
        page = posts[offset:offset + limit]
        body: dict[str, Any] = {"hitsTotal": len(posts), "posts": page}
        if offset + limit < len(posts):
            body["cursor"] = base64.b64encode(str(offset + limit).encode()).decode()
        headers = {"RateLimit-Limit": "3000", "RateLimit-Remaining": "2999",
                   "RateLimit-Reset": str(int(time.time()) + 300), "RateLimit-Policy": "3000;w=300"}
        return JSONResponse(body, headers=headers)
