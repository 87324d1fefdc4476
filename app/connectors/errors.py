"""Typed connector errors and the one mapping from HTTP outcomes to them.

The pipeline reacts to the kind, not to the network: a transient error is retried later with
backoff, an auth error marks the source as needing reconnection, a content error is shown to
the user with its reason, a rate-limited error reschedules the source after `retry_after`.
Messages never contain a URL's query string: API keys travel there (YouTube `key=`).
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from typing import ClassVar

import httpx

# When a 429 says nothing about when to come back, wait this long rather than hammer.
DEFAULT_RETRY_AFTER = 60.0
# Epoch seconds are ~1.7e9; a "reset" above this is a timestamp, below it a delay.
_EPOCH_THRESHOLD = 100_000_000


class ConnectorError(Exception):
    """Base of every connector failure; `kind` is stored on the source row (max 16 chars)."""

    kind: ClassVar[str] = "error"

    def __init__(self, source: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.status = status


class TransientError(ConnectorError):
    """Network failure, timeout or 5xx: the same call may well succeed later."""

    kind = "transient"


class AuthError(ConnectorError):
    """401/403 or a bad API key: a person has to reconnect or fix the credentials."""

    kind = "auth"


class ContentError(ConnectorError):
    """The answer is unusable (404 feed, not a feed, malformed JSON): retrying will not help."""

    kind = "content"


class RateLimitedError(ConnectorError):
    """The network asked us to slow down; come back after `retry_after` seconds."""

    kind = "rate_limited"

    def __init__(self, source: str, retry_after: float, message: str = "rate limited", *,
                 status: int | None = 429) -> None:
        super().__init__(source, f"{message} (retry after {retry_after:.0f}s)", status=status)
        self.retry_after = max(0.0, retry_after)


class BlockedAddressError(httpx.RequestError):
    """Raised by the client for URLs resolving to private, loopback or link-local addresses."""


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _parse_reset(value: str, now: datetime) -> float | None:
    """A rate-limit reset: seconds to go (Reddit), epoch seconds (Bluesky) or ISO (Mastodon)."""
    try:
        number = float(value)
    except ValueError:
        try:
            when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return parse_retry_after(value, now=now)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    if number > _EPOCH_THRESHOLD:
        return max(0.0, number - now.timestamp())
    return max(0.0, number)


def rate_limit_wait(headers: httpx.Headers, *, now: datetime | None = None) -> float | None:
    """Seconds until the quota refills when the documented headers say it is used up.

    Reads X-RateLimit-Remaining/Reset (Reddit, Mastodon) and RateLimit-Remaining/Reset
    (Bluesky, IETF draft). None while requests remain or when no such header is sent.
    """
    now = now or datetime.now(UTC)
    for prefix in ("x-ratelimit-", "ratelimit-"):
        remaining = headers.get(prefix + "remaining")
        if remaining is None:
            continue
        try:
            # Reddit sends floats ("0.0"); anything under one request left is exhausted.
            exhausted = float(remaining) < 1
        except ValueError:
            continue
        if not exhausted:
            return None
        reset = headers.get(prefix + "reset")
        wait = _parse_reset(reset, now) if reset else None
        return DEFAULT_RETRY_AFTER if wait is None else wait
    return None


def _where(response: httpx.Response) -> str:
    # The path only: query strings can hold API keys and tokens.
    try:
        url = response.request.url
    except RuntimeError:  # a Response built without its request
        return "response"
    return f"{url.host}{url.path}"


def _detail(response: httpx.Response) -> str:
    """The API's own explanation (XRPC `message`, Google `error.message`), kept short."""
    try:
        data = response.json()
    except (ValueError, httpx.ResponseNotRead):
        return ""
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    message = data.get("message") or (error.get("message") if isinstance(error, dict) else error)
    return f": {str(message)[:200]}" if message else ""


def error_for_status(source: str, response: httpx.Response) -> ConnectorError | None:
    """The typed error a response stands for, or None when it is a success (2xx/304)."""
    status = response.status_code
    if status < 400:
        return None
    where = f"{_where(response)}{_detail(response)}"
    if status == 429:
        wait = parse_retry_after(response.headers.get("retry-after"))
        if wait is None:
            wait = rate_limit_wait(response.headers)
        return RateLimitedError(source, DEFAULT_RETRY_AFTER if wait is None else wait,
                                f"HTTP 429 from {where}")
    if status in (401, 403):
        return AuthError(source, f"HTTP {status} from {where}", status=status)
    if status in (408, 425) or status >= 500:
        return TransientError(source, f"HTTP {status} from {where}", status=status)
    return ContentError(source, f"HTTP {status} from {where}", status=status)


def raise_for_status(source: str, response: httpx.Response) -> None:
    error = error_for_status(source, response)
    if error is not None:
        raise error


def error_for_exception(source: str, exc: httpx.HTTPError | httpx.InvalidURL) -> ConnectorError:
    """Map an httpx exception: bad URLs and redirect loops are content, the rest transient.

    httpx.InvalidURL is not an HTTPError subclass, so callers catch both.
    """
    if isinstance(exc, BlockedAddressError):
        return ContentError(source, str(exc))
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL | httpx.TooManyRedirects):
        return ContentError(source, f"cannot fetch: {type(exc).__name__}")
    if isinstance(exc, httpx.DecodingError):
        return ContentError(source, "undecodable response body")
    if isinstance(exc, httpx.HTTPStatusError):
        return error_for_status(source, exc.response) or ContentError(source, str(exc))
    return TransientError(source, f"network error: {type(exc).__name__}")
