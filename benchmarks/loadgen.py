"""Closed-loop HTTP/1.1 load generator: N keep-alive connections, one request in flight each.

Two clients with the same interface:

- ``raw`` (default): asyncio protocol + httptools response parser on uvloop (both already
  installed with ``uvicorn[standard]``). A few microseconds of CPU per request, so on a
  2-core machine it steals as little CPU as possible from the server under test.
- ``httpx``: ``httpx.AsyncClient`` (an app dependency). Heavier per request; useful to check
  that the conclusions do not depend on the client.

Every request's latency is recorded (send of the first byte to the end of the body). Any
status other than 200, any connection error, and (when an expected body is given) any body
that differs from it byte for byte, counts as an error.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field

import httptools


@dataclass
class Sample:
    """What one phase (warm-up or measurement) produced."""

    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    first_error: str | None = None
    started: float = 0.0
    finished: float = 0.0

    def record(self, status: int, latency: float, body_ok: bool = True) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == 200 and body_ok:
            self.latencies_s.append(latency)
        else:
            self.errors += 1
            if not body_ok and self.first_error is None:
                self.first_error = "200 with a body other than the expected one"

    def fail(self, what: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or what

    @property
    def elapsed(self) -> float:
        return self.finished - self.started


class _Connection(asyncio.Protocol):
    """One keep-alive connection; `request()` writes a request and awaits its response."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.body: list[bytes] = []
        self.closed = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._finish_with(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._finish_with(exc or ConnectionResetError("server closed the connection"))

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.body = []

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.parser.get_status_code(), b"".join(self.body)))

    def _finish_with(self, exc: BaseException) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def raw_get(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: application/json",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class RawClient:
    name = "raw"

    def __init__(self, host: str, port: int, path: str, headers: dict[str, str],
                 concurrency: int, expect: bytes | None = None) -> None:
        self.host, self.port, self.concurrency = host, port, concurrency
        self.expect = expect
        self.raw = raw_get(host, port, path, headers)
        self.connections: list[_Connection] = []

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(self.concurrency):
            _, conn = await loop.create_connection(_Connection, self.host, self.port)
            self.connections.append(conn)

    async def _reconnect(self, index: int) -> _Connection:
        self.connections[index].close()
        _, conn = await asyncio.get_running_loop().create_connection(
            _Connection, self.host, self.port)
        self.connections[index] = conn
        return conn

    async def _worker(self, index: int, deadline: float, sample: Sample) -> None:
        conn = self.connections[index]
        clock = time.perf_counter
        while True:
            t0 = clock()
            if t0 >= deadline:
                return
            try:
                status, body = await conn.request(self.raw)
            except (OSError, httptools.HttpParserError) as exc:
                sample.fail(f"{type(exc).__name__}: {exc}")
                conn = await self._reconnect(index)
                continue
            sample.record(status, clock() - t0, self.expect is None or body == self.expect)
            if conn.closed:
                conn = await self._reconnect(index)

    async def run(self, duration: float) -> Sample:
        sample = Sample(started=time.perf_counter())
        deadline = sample.started + duration
        await asyncio.gather(*(self._worker(i, deadline, sample)
                               for i in range(self.concurrency)))
        sample.finished = time.perf_counter()
        return sample

    async def close(self) -> None:
        for conn in self.connections:
            conn.close()


class HttpxClient:
    name = "httpx"

    def __init__(self, host: str, port: int, path: str, headers: dict[str, str],
                 concurrency: int, expect: bytes | None = None) -> None:
        import httpx

        self.url = f"http://{host}:{port}{path}"
        self.concurrency = concurrency
        self.expect = expect
        self.client = httpx.AsyncClient(
            headers={"Accept": "application/json", **headers}, timeout=30.0,
            limits=httpx.Limits(max_connections=concurrency,
                                max_keepalive_connections=concurrency))

    async def open(self) -> None:
        await asyncio.gather(*(self.client.get(self.url) for _ in range(self.concurrency)))

    async def _worker(self, deadline: float, sample: Sample) -> None:
        import httpx

        clock = time.perf_counter
        while True:
            t0 = clock()
            if t0 >= deadline:
                return
            try:
                response = await self.client.get(self.url)
            except httpx.HTTPError as exc:
                sample.fail(f"{type(exc).__name__}: {exc}")
                continue
            sample.record(response.status_code, clock() - t0,
                          self.expect is None or response.content == self.expect)

    async def run(self, duration: float) -> Sample:
        sample = Sample(started=time.perf_counter())
        deadline = sample.started + duration
        await asyncio.gather(*(self._worker(deadline, sample) for _ in range(self.concurrency)))
        sample.finished = time.perf_counter()
        return sample

    async def close(self) -> None:
        await self.client.aclose()


CLIENTS = {"raw": RawClient, "httpx": HttpxClient}


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]
