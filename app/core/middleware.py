"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task and a copy per request)."""

import logging
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.logging import request_id_var
from app.core.ratelimit import SCOPE_KEY as RATELIMIT_HEADERS
from app.core.ratelimit import merge_headers

logger = logging.getLogger("vigie.request")


class RequestContextMiddleware:
    """Gives each request an id (or keeps the caller's X-Request-ID) and logs one line.

    It also adds the `RateLimit-*` headers the limiter computed during the request: one
    layer and one wrapper of `send` for both, every request pays for them.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = incoming or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        ratelimit_headers: dict[str, str] = {}
        scope[RATELIMIT_HEADERS] = ratelimit_headers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
                if ratelimit_headers:
                    merge_headers(message, ratelimit_headers)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info("request", extra={
                "method": scope["method"], "path": scope["path"], "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1)})
            request_id_var.reset(token)
