"""`Idempotency-Key` on writes: the same request sent again gets the first answer back.

Pure ASGI, so the request body can be read once, fingerprinted and handed on, and the
response captured while it streams. Only authenticated callers are served (keys are scoped
to the caller); anything else goes through untouched and the endpoint answers 401.
"""

import logging
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api_keys.service import parse_key
from app.auth.dependencies import API_KEY_PREFIX
from app.core import security
from app.core.errors import problem
from app.idempotency import service
from app.idempotency.service import InProgress, Replay, Reused, Started

logger = logging.getLogger(__name__)

METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "idempotency-key"
MAX_KEY_LENGTH = 255
# Larger answers are not kept: the request stays retryable rather than bloating the table.
MAX_STORED_BODY = 1024 * 1024
# "Not processed, try again" answers are not kept, so that the retry really runs.
RETRYABLE_STATUSES = frozenset({401, 408, 429})
# Headers that describe this transmission, not the answer.
_NOT_REPLAYED = frozenset({"content-length", "date", "server", "x-request-id", "set-cookie",
                           "retry-after", "ratelimit-limit", "ratelimit-remaining",
                           "ratelimit-reset", "transfer-encoding", "connection"})


def principal_of(authorization: str | None) -> str | None:
    """Whom the key belongs to; None unless the caller presents a credential of ours.

    An access token is verified here; an API key only parsed (checking it needs the
    database, and the endpoint does that anyway).
    """
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    if token.startswith(API_KEY_PREFIX):
        return f"key:{security.hash_opaque_token(token)}" if parse_key(token) else None
    try:
        return f"user:{security.decode_access_token(token)}"
    except security.InvalidToken:
        return None


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body, or None if the client left while sending it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def wrapped() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return wrapped


@dataclass
class _Capture:
    status_code: int = 500
    settled: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0

    def start(self, message: Message) -> None:
        self.status_code = message["status"]
        for raw_name, raw_value in message.get("headers", []):
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name not in _NOT_REPLAYED:
                self.headers[name] = f"{self.headers[name]}, {value}" if name in self.headers \
                    else value

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= MAX_STORED_BODY:
            self.chunks.append(chunk)

    @property
    def storable(self) -> bool:
        return (self.status_code < 500 and self.status_code not in RETRYABLE_STATUSES
                and self.size <= MAX_STORED_BODY)


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get(HEADER)
        principal = principal_of(headers.get("authorization")) if key is not None else None
        # A NUL in the path cannot be stored, and names no route anyway: the router answers.
        if key is None or principal is None or "\x00" in scope["path"]:
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            await _problem(scope, receive, send, 422, "invalid_idempotency_key",
                           f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters")
            return
        body = await _read_body(receive)
        if body is None:
            return
        request_hash = service.fingerprint(scope["method"], scope["path"],
                                           scope.get("query_string", b""), body)
        claim = await service.begin(principal, key, scope["method"], scope["path"], request_hash)
        if isinstance(claim, Started):
            await self._run(claim, scope, _replaying(body, receive), send)
        else:
            await _answer(claim, scope, receive, send)

    async def _run(self, claim: Started, scope: Scope, receive: Receive, send: Send) -> None:
        capture = _Capture()

        async def capturing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                capture.start(message)
            elif message["type"] == "http.response.body":
                capture.add(message.get("body", b""))
                if not message.get("more_body", False):
                    # Stored before the last byte leaves, so a client that retries as soon
                    # as it has the answer finds it stored rather than "in progress".
                    await _settle(claim, capture)
            await send(message)

        try:
            await self.app(scope, receive, capturing_send)
        except BaseException:
            if not capture.settled:  # a failure after the answer (background task) keeps it
                await _forget_quietly(claim)
            raise
        if not capture.settled:  # the app ended without a complete answer
            await _forget_quietly(claim)


async def _settle(claim: Started, capture: _Capture) -> None:
    capture.settled = True
    try:
        if capture.storable:
            await service.complete(claim.record_id, capture.status_code, capture.headers,
                                   b"".join(capture.chunks))
        else:
            await service.forget(claim.record_id)
    except Exception:
        # The answer itself succeeded; the key stays "running" until STALE_AFTER frees it.
        logger.exception("could not store the idempotent answer")


async def _forget_quietly(claim: Started) -> None:
    try:
        await service.forget(claim.record_id)
    except Exception:
        logger.exception("could not release the idempotency key after a failure")


async def _problem(scope: Scope, receive: Receive, send: Send, status: int, code: str,
                   detail: str, headers: dict[str, str] | None = None) -> None:
    titles = {409: "Conflict", 422: "Invalid request"}
    response = problem(status, code, titles[status], detail, instance=scope["path"],
                       headers=headers)
    await response(scope, receive, send)


async def _answer(claim: Replay | Reused | InProgress, scope: Scope, receive: Receive,
                  send: Send) -> None:
    if isinstance(claim, Replay):
        response = Response(claim.body, status_code=claim.status_code,
                            headers={**claim.headers, "idempotent-replayed": "true"})
        await response(scope, receive, send)
    elif isinstance(claim, Reused):
        await _problem(scope, receive, send, 422, "idempotency_key_reused",
                       "This Idempotency-Key was already used for a different request")
    else:
        await _problem(scope, receive, send, 409, "idempotency_in_progress",
                       "A request with this Idempotency-Key is still being processed",
                       headers={"Retry-After": "1"})
