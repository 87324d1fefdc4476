"""Shared HTTP plumbing for connectors: the client, per-host politeness, bounded retries.

Politeness is per process: N workers each keep their own spacing, which is fine for the
public APIs we call (their quotas are per IP or per key and answered with 429 anyway).
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import time
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import httpx

from app.connectors.errors import (
    BlockedAddressError,
    ConnectorError,
    ContentError,
    TransientError,
    error_for_exception,
    error_for_status,
)

USER_AGENT = "Vigie/0.1 (+https://vigie.dev)"
# Feeds and pages bigger than this are not what a listening tool should be reading.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


async def _public_hosts_only(request: httpx.Request) -> None:
    """Refuse requests to non-public addresses: feed, page and instance URLs come from users.

    Runs as a request hook, so every redirect hop is checked too. It resolves the name before
    httpx does; a DNS answer that changes between the two lookups (rebinding) is not caught,
    which an egress proxy in production would.
    """
    host = request.url.host
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, request.url.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # let httpx report the unresolvable name as a network error
    for info in infos:
        # Link-local IPv6 answers carry a zone ("fe80::1%eth0") that ip_address refuses.
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            raise BlockedAddressError(f"{host} resolves to a non-public address",
                                      request=request)


def create_http_client(*, timeout: float = 20.0, max_connections: int = 20,
                       transport: httpx.AsyncBaseTransport | None = None,
                       headers: Mapping[str, str] | None = None,
                       allow_private_hosts: bool = False) -> httpx.AsyncClient:
    """The client every collector run uses: identified, bounded, following redirects.

    `allow_private_hosts` lets tests, demos and self-hosted setups reach local servers.
    """
    hooks = {} if allow_private_hosts else {"request": [_public_hosts_only]}
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=10),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        transport=transport,
        event_hooks=hooks,
    )


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped; a run retries transient errors twice."""

    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2 ** attempt))
        # Jitter spreads retries of many sources failing together; not security-relevant.
        return random.uniform(0, ceiling)  # noqa: S311


class Politeness:
    """A minimum interval between two requests to the same host, across concurrent runs.

    The lock is held while sleeping so requests to one host queue up in order. Locks are kept
    per event loop because an asyncio.Lock cannot be shared between loops.
    """

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]]
        self._locks = weakref.WeakKeyDictionary()

    def _lock(self, host: str) -> asyncio.Lock:
        per_loop = self._locks.setdefault(asyncio.get_running_loop(), {})
        return per_loop.setdefault(host, asyncio.Lock())

    async def wait(self, host: str, interval: float) -> None:
        """Sleep until `interval` seconds have passed since the last request to `host`."""
        if interval <= 0:
            return
        async with self._lock(host):
            due = self._last.get(host, float("-inf")) + interval
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._last[host] = time.monotonic()


# One per process so that every source hitting news.google.com shares the same spacing.
POLITENESS = Politeness()


def _strip_encoding(headers: httpx.Headers) -> httpx.Headers:
    # The body is already decoded; a kept Content-Encoding would make httpx decode it twice.
    return httpx.Headers([(k, v) for k, v in headers.multi_items()
                          if k.lower() not in ("content-encoding", "content-length")])


async def _read_bounded(source: str, response: httpx.Response, max_bytes: int) -> httpx.Response:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ContentError(source, f"response larger than {max_bytes} bytes")
        chunks.append(chunk)
    return httpx.Response(response.status_code, headers=_strip_encoding(response.headers),
                          content=b"".join(chunks), request=response.request)


@dataclass
class Fetcher:
    """GET with politeness, bounded body size, transient retries and typed errors.

    Statuses in `ok` are returned to the collector (e.g. 304 for conditional GETs); others
    become typed errors. Transient ones are retried with backoff; 429 is never retried within
    a run: the scheduler honours its Retry-After instead.
    """

    source: str
    min_interval: float = 1.0
    politeness: Politeness = field(default_factory=lambda: POLITENESS)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_bytes: int = DEFAULT_MAX_BYTES

    async def get(self, http: httpx.AsyncClient, url: str, *,
                  params: Mapping[str, str | int] | None = None,
                  headers: Mapping[str, str] | None = None,
                  ok: Iterable[int] = (200,)) -> httpx.Response:
        accepted = set(ok)
        attempt = 0
        while True:
            try:
                return await self._once(http, url, params, headers, accepted)
            except TransientError:
                if attempt >= self.retry.max_retries:
                    raise
                await asyncio.sleep(self.retry.delay(attempt))
                attempt += 1

    async def _once(self, http: httpx.AsyncClient, url: str,
                    params: Mapping[str, str | int] | None,
                    headers: Mapping[str, str] | None, accepted: set[int]) -> httpx.Response:
        try:
            request = http.build_request("GET", url, params=params, headers=headers)
            await self.politeness.wait(request.url.host, self.min_interval)
            streamed = await http.send(request, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise error_for_exception(self.source, exc) from exc
        try:
            response = await _read_bounded(self.source, streamed, self.max_bytes)
        except httpx.HTTPError as exc:
            raise error_for_exception(self.source, exc) from exc
        finally:
            await streamed.aclose()
        if response.status_code in accepted:
            return response
        error: ConnectorError = error_for_status(self.source, response) or ContentError(
            self.source, f"unexpected HTTP {response.status_code}", status=response.status_code)
        raise error


def json_body(source: str, response: httpx.Response) -> object:
    """The decoded JSON body, or a ContentError saying the answer was not JSON."""
    try:
        return response.json()
    except ValueError as exc:
        raise ContentError(source, "response is not valid JSON") from exc


class HttpCollector:
    """Shared constructor of the collectors: politeness, retries and page bound per source.

    Tests and self-hosted setups pass their own values; the registry uses the defaults.
    """

    source: ClassVar[str]
    # Seconds between two requests to one host, chosen from each API's published limits.
    default_interval: ClassVar[float] = 1.0
    default_max_pages: ClassVar[int] = 3

    def __init__(self, *, politeness: Politeness | None = None, retry: RetryPolicy | None = None,
                 min_interval: float | None = None, max_pages: int | None = None) -> None:
        self.fetcher = Fetcher(
            source=self.source,
            min_interval=self.default_interval if min_interval is None else min_interval,
            politeness=politeness or POLITENESS,
            retry=retry or RetryPolicy(),
        )
        self.max_pages = max(1, max_pages or self.default_max_pages)
