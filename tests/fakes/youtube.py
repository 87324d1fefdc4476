"""Fake YouTube Data API v3: GET /youtube/v3/search and /youtube/v3/videos.

search: part=snippet, type=video, order=date, q, publishedAfter/publishedBefore (RFC 3339,
inclusive), maxResults (0-50, default 5), pageToken/nextPageToken, key. videos: part=
statistics, id=a,b,c. Keys outside `valid_keys` get Google's 400 API_KEY_INVALID error; a
missing key gets 403; `quota_exceeded()` makes the next call answer 403 quotaExceeded.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake, load_json

VALID_KEY = "AIzaSyFAKE-test-key-0123456789abcdefghi"


def google_error(status: int, reason: str, message: str, domain: str = "global",
                 info_reason: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": status, "message": message,
                             "errors": [{"message": message, "domain": domain, "reason": reason}]}
    if info_reason:
        error["status"] = "INVALID_ARGUMENT"
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": info_reason, "domain": "googleapis.com",
                             "metadata": {"service": "youtube.googleapis.com"}}]
    return {"error": error}


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _published(item: dict[str, Any]) -> datetime | None:
    return _when((item.get("snippet") or {}).get("publishedAt"))


class YouTubeFake(Fake):
    def __init__(self) -> None:
        self.valid_keys = {VALID_KEY}
        super().__init__()

    def load(self) -> list[Any]:
        data = load_json("youtube_search.json")
        self.statistics: dict[str, dict[str, str]] = data["statistics"]
        return list(data["items"])

    def routes(self) -> list[Route]:
        return [Route("/youtube/v3/search", self.search), Route("/youtube/v3/videos", self.videos)]

    def quota_exceeded(self, times: int = 1) -> None:
        self.respond(403, body=google_error(
            403, "quotaExceeded", "The request cannot be completed because you have exceeded "
            "your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.", "youtube.quota"),
            times=times)

    def _key_error(self, request: Request) -> Response | None:
        key = request.query_params.get("key")
        if not key:
            return JSONResponse(google_error(
                403, "forbidden", "Method doesn't allow unregistered callers (callers without "
                "established identity). Please use API Key or other form of API consumer "
                "identity to call this API."), status_code=403)
        if key not in self.valid_keys:
            return JSONResponse(google_error(
                400, "badRequest", "API key not valid. Please pass a valid API key.",
                info_reason="API_KEY_INVALID"), status_code=400)
        return None

    async def search(self, request: Request) -> Response:
        if (error := self._key_error(request)) is not None:
            return error
        q = request.query_params
        items = list(self.items)
        if after := _when(q.get("publishedAfter")):
            items = [i for i in items if (d := _published(i)) and d >= after]
        if before := _when(q.get("publishedBefore")):
            items = [i for i in items if (d := _published(i)) and d < before]
        items.sort(key=lambda i: i["snippet"].get("publishedAt") or "", reverse=True)
        per_page = max(0, min(50, int(q.get("maxResults", "5"))))
        token = q.get("pageToken")
        try:
            offset = int(base64.urlsafe_b64decode(token).decode()) if token else 0
        except ValueError:
            return JSONResponse(google_error(400, "invalidPageToken", "The request specifies an "
                                             "invalid page token."), status_code=400)
        body: dict[str, Any] = {"kind": "youtube#searchListResponse", "etag": "fake-etag",
                                "regionCode": "FR",
                                "pageInfo": {"totalResults": len(items),
                                             "resultsPerPage": per_page},
                                "items": items[offset:offset + per_page]}
        if offset + per_page < len(items):
            body["nextPageToken"] = base64.urlsafe_b64encode(
                str(offset + per_page).encode()).decode()
        return JSONResponse(body)

    async def videos(self, request: Request) -> Response:
        if (error := self._key_error(request)) is not None:
            return error
        ids = [i for i in request.query_params.get("id", "").split(",") if i]
        found = [{"kind": "youtube#video", "etag": f"etag_{i}", "id": i,
                  "statistics": self.statistics[i]} for i in ids if i in self.statistics]
        return JSONResponse({"kind": "youtube#videoListResponse", "etag": "fake-etag",
                             "items": found,
                             "pageInfo": {"totalResults": len(found),
                                          "resultsPerPage": len(found)}})
