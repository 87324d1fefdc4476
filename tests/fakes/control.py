"""What every fake API shares: a request log, canned responses and a /__control endpoint.

A test in the same process holds the `Fake` object and calls its methods; a test in another
process (SPA end-to-end, a demo) drives the same switches over HTTP:

    GET  /__control                      → {"requests": [...]} (what the fake received)
    POST /__control {"action": "reset"}
    POST /__control {"action": "respond", "status": 429, "headers": {...}, "body": ...,
                     "times": 1, "path": "/api/v1/search_by_date"}
    POST /__control {"action": "headers", "headers": {"X-RateLimit-Remaining": "0"}}
    POST /__control {"action": "add_items", "items": [...]}   (shape of that API's items)
"""

from __future__ import annotations

import copy
import email.utils
import hashlib
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DATA = Path(__file__).parent / "data"
Endpoint = Callable[[Request], Awaitable[Response]]


def load_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    query: str
    headers: dict[str, str]


@dataclass
class Canned:
    """A response served instead of the real one, `times` times, optionally for one path."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    path: str | None = None

    def render(self) -> Response:
        if isinstance(self.body, dict | list):
            return JSONResponse(self.body, status_code=self.status, headers=self.headers)
        return Response(self.body or b"", status_code=self.status, headers=self.headers)


class Fake:
    """Base of the fake APIs. Subclasses set `items` in `load()` and list their routes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the server thread and the test thread both touch it
        self.requests: list[RecordedRequest] = []
        self.canned: list[Canned] = []
        self.extra_headers: dict[str, str] = {}
        self.items: list[Any] = []
        self.reset()

    # -- switches a test flips -------------------------------------------------------------
    def reset(self) -> None:
        """Back to the fixture data, and to the class's defaults for every switch a test set."""
        for name in list(vars(self)):
            if not name.startswith("_") and not callable(getattr(type(self), name, len)):
                delattr(self, name)
        with self._lock:
            self.requests.clear()
            self.canned.clear()
            self.extra_headers = {}
            self.items = copy.deepcopy(self.load())

    def load(self) -> list[Any]:
        return []

    def respond(self, status: int, *, body: Any = None, headers: dict[str, str] | None = None,
                times: int = 1, path: str | None = None) -> None:
        """Serve this answer to the next `times` requests (to `path` when given)."""
        with self._lock:
            self.canned.append(Canned(status, body, headers or {}, times, path))

    def add_items(self, items: list[Any]) -> None:
        with self._lock:
            self.items.extend(copy.deepcopy(items))

    def requests_to(self, path_part: str) -> list[RecordedRequest]:
        return [r for r in self.requests if path_part in r.path]

    # -- plumbing --------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        raise NotImplementedError

    def _take_canned(self, path: str) -> Canned | None:
        with self._lock:
            for canned in self.canned:
                if canned.path is None or canned.path == path:
                    canned.times -= 1
                    if canned.times <= 0:
                        self.canned.remove(canned)
                    return canned
        return None

    def _wrap(self, endpoint: Endpoint) -> Endpoint:
        async def handler(request: Request) -> Response:
            with self._lock:
                self.requests.append(RecordedRequest(
                    request.method, request.url.path, dict(request.query_params),
                    request.url.query, {k.lower(): v for k, v in request.headers.items()}))
            canned = self._take_canned(request.url.path)
            if canned is not None:
                return canned.render()
            response = await endpoint(request)
            for name, value in self.extra_headers.items():
                response.headers[name] = value
            return response

        return handler

    async def _control(self, request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse({"requests": [r.__dict__ for r in self.requests]})
        command = await request.json()
        action = command.get("action")
        if action == "reset":
            self.reset()
        elif action == "respond":
            self.respond(int(command["status"]), body=command.get("body"),
                         headers=command.get("headers"), times=int(command.get("times", 1)),
                         path=command.get("path"))
        elif action == "headers":
            self.extra_headers = dict(command.get("headers") or {})
        elif action == "add_items":
            self.add_items(list(command.get("items") or []))
        else:
            return JSONResponse({"error": f"unknown action {action!r}"}, status_code=400)
        return JSONResponse({"ok": True})

    @property
    def app(self) -> Starlette:
        routes = [Route(r.path, self._wrap(r.endpoint), methods=list(r.methods or ["GET"]))
                  for r in self.routes()]
        routes.append(Route("/__control", self._control, methods=["GET", "POST"]))
        return Starlette(routes=routes)


def conditional(request: Request, body: str, media_type: str, *, last_modified: str | None,
                validators: bool = True) -> Response:
    """Serve `body` with ETag/Last-Modified, or 304 when the client's copy is current."""
    if not validators:
        return Response(body, media_type=media_type)
    etag = f'W/"{hashlib.sha256(body.encode()).hexdigest()[:16]}"'
    headers = {"ETag": etag, **({"Last-Modified": last_modified} if last_modified else {})}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(status_code=304, headers=headers)
    elif last_modified and (since := request.headers.get("if-modified-since")):
        try:
            if email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
                    last_modified):
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass
    return Response(body, media_type=media_type, headers=headers)
