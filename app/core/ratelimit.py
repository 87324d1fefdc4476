"""Rate limits: per user, per API key, and per client IP on credential endpoints.

Moving-window limits in Redis, one Lua script call (one round trip) per check: every API
process shares the same counters, and the window is exact (no burst of twice the limit
across a minute boundary). Answers carry the IETF draft `RateLimit-*` headers; a refusal is
a 429 problem with `Retry-After`.

When Redis cannot be reached, `settings.rate_limit_on_redis_error` decides: "open" lets the
request through (warning logged at most every few seconds), "closed" answers 503. After a
failure Redis is left alone for a short cool-down, so a dead server costs no latency per
request.
"""

import logging
import math
import secrets
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import redis.asyncio as redis
from fastapi import Depends, Request
from starlette.datastructures import MutableHeaders

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.errors import RateLimited, Unavailable

logger = logging.getLogger(__name__)

# Short timeouts: the limiter must never be the reason a request hangs.
SOCKET_TIMEOUT_S = 0.25
REDIS_COOLDOWN_S = 2.0
WARN_EVERY_S = 10.0
# Credential endpoints (login, token, signup, password reset), per client IP and route.
LOGIN_LIMIT_PER_MINUTE = 10
KEY_PREFIX = "vigie:ratelimit"
WINDOW_MS = 60_000
# Where the headers of the current request wait for RequestContextMiddleware.
SCOPE_KEY = "vigie.ratelimit_headers"

_REDIS_ERRORS = (redis.RedisError, OSError, TimeoutError)

# KEYS[1]: a sorted set of the hits allowed in the last window, scored in ms by Redis's own
# clock (one clock for every API process). ARGV: limit, window in ms, a unique member.
# A refused request is not recorded, so hammering a spent budget does not extend the wait.
# Returns {allowed 0|1, hits in the window, ms until the oldest hit leaves it}.
MOVING_WINDOW_LUA = """
local key, limit, window, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
return {allowed, count, reset}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int  # seconds until a request is available again

    def headers(self) -> dict[str, str]:
        headers = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining),
                   "RateLimit-Reset": str(self.reset_in)}
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_in)
        return headers


class _Backend:
    """One Redis client per Redis URL, shared by every request of the process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT_S,
                                           socket_connect_timeout=SOCKET_TIMEOUT_S)
        # EVALSHA, loading the script again if Redis lost it (restart, SCRIPT FLUSH).
        self.moving_window = self.client.register_script(MOVING_WINDOW_LUA)
        self.down_until = 0.0

    async def check(self, limit: int, *identifiers: str) -> Verdict:
        key = ":".join((KEY_PREFIX, *identifiers))
        # The member only has to be unique among hits of the same millisecond.
        allowed, hits, reset_ms = await self.moving_window(
            keys=[key], args=[limit, WINDOW_MS, secrets.token_hex(8)])
        reset_in = max(1, math.ceil(int(reset_ms) / 1000))
        return Verdict(bool(allowed), limit, max(0, limit - int(hits)), reset_in)


# Keyed by URL so that pointing the settings elsewhere (tests do) never strands a client.
_backends: dict[str, _Backend] = {}
_last_warning = 0.0


def _get_backend() -> _Backend:
    url = get_settings().redis_url
    assert url, "redis_url is resolved before the rate limiter is used"
    if url not in _backends:
        _backends[url] = _Backend(url)
    return _backends[url]


async def close_rate_limiter() -> None:
    """For the application's shutdown."""
    while _backends:
        _, backend = _backends.popitem()
        await backend.client.aclose()


def _redis_failed(exc: BaseException | None) -> None:
    """Apply the configured policy: raise 503 when closed, else log (throttled) and go on."""
    global _last_warning
    if get_settings().rate_limit_on_redis_error == "closed":
        raise Unavailable("Rate limiting is unavailable; please retry shortly",
                          headers={"Retry-After": str(math.ceil(REDIS_COOLDOWN_S))}) from exc
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_S:
        _last_warning = now
        logger.warning("rate limiter cannot reach Redis; requests are let through (%s)",
                       type(exc).__name__ if exc else "cooling down")


async def _check(limit: int, *identifiers: str) -> Verdict | None:
    """The verdict, or None when Redis is unreachable and the policy lets requests through."""
    backend = _get_backend()
    if time.monotonic() < backend.down_until:
        _redis_failed(None)
        return None
    try:
        return await backend.check(limit, *identifiers)
    except _REDIS_ERRORS as exc:
        backend.down_until = time.monotonic() + REDIS_COOLDOWN_S
        _redis_failed(exc)
        return None


def _apply(request: Request, verdict: Verdict | None) -> None:
    if verdict is None:
        return
    request.state.ratelimit = verdict
    pending = request.scope.get(SCOPE_KEY)
    if isinstance(pending, dict):
        pending.update(verdict.headers())
    if not verdict.allowed:
        raise RateLimited(f"Rate limit of {verdict.limit} requests per minute reached; "
                          f"retry in {verdict.reset_in} s", headers=verdict.headers())


async def enforce_rate_limit(request: Request, principal: Principal) -> None:
    """Count one request against the caller's limit; raise 429 when it is spent."""
    settings = get_settings()
    if principal.is_api_key:
        amount = settings.rate_limit_api_key_per_minute
        identity = ("key", str(principal.api_key_id))
    else:
        amount = settings.rate_limit_user_per_minute
        identity = ("user", str(principal.user_id))
    if amount <= 0:  # an operator's way to switch the limit off
        return
    _apply(request, await _check(amount, *identity))


def _client_ip(request: Request) -> str:
    # Behind a proxy, uvicorn's --proxy-headers/--forwarded-allow-ips put the real client here;
    # reading X-Forwarded-For ourselves would let any caller pick their own bucket.
    return request.client.host if request.client else "unknown"


async def login_rate_limit(request: Request) -> None:
    """Slow down password guessing and signup floods from one address."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    _apply(request, await _check(LOGIN_LIMIT_PER_MINUTE, "ip", _client_ip(request), path))


LoginRateLimit = Depends(login_rate_limit)


def merge_headers(message: MutableMapping[str, Any], pending: dict[str, str]) -> None:
    """Add the `RateLimit-*` headers computed during the request to its response start
    (RequestContextMiddleware calls it: one wrapper of `send` for both)."""
    headers = MutableHeaders(scope=message)
    for name, value in pending.items():
        if name not in headers:  # a 429 problem already carries its own
            headers[name] = value
