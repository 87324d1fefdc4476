"""The shared pieces: error mapping, client, politeness, retries, registry, normalisation."""

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.connectors.base import SOURCES, CollectedItem, Collector
from app.connectors.errors import (
    AuthError,
    ContentError,
    RateLimitedError,
    TransientError,
    error_for_exception,
    error_for_status,
    parse_retry_after,
    rate_limit_wait,
)
from app.connectors.http import (
    USER_AGENT,
    Fetcher,
    Politeness,
    RetryPolicy,
    _public_hosts_only,
    create_http_client,
)
from app.connectors.normalize import html_to_text, parse_datetime
from app.connectors.registry import COLLECTORS, get_collector
from tests.connectors.support import FAST_RETRY

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def response(status: int, headers: dict[str, str] | None = None,
             url: str = "https://api.example/v3/search?key=SECRET") -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", url))


def test_retry_after_values() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Fri, 20 Nov 2026 12:01:30 GMT", now=NOW) == 90
    assert parse_retry_after("Fri, 20 Nov 2026 11:00:00 GMT", now=NOW) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(("headers", "expected"), [
    ({"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "412"}, 412),  # Reddit: seconds
    ({"ratelimit-remaining": "0", "ratelimit-reset": str(int(NOW.timestamp()) + 30)}, 30),
    ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-20T12:05:00.000Z"}, 300),
    ({"x-ratelimit-remaining": "0"}, 60),  # exhausted, reset unknown: a safe default
    ({"x-ratelimit-remaining": "12", "x-ratelimit-reset": "412"}, None),
    ({}, None),
])
def test_rate_limit_headers(headers: dict[str, str], expected: float | None) -> None:
    assert rate_limit_wait(httpx.Headers(headers), now=NOW) == expected


@pytest.mark.parametrize(("status", "kind"), [
    (200, None), (304, None), (400, ContentError), (401, AuthError), (403, AuthError),
    (404, ContentError), (408, TransientError), (410, ContentError), (429, RateLimitedError),
    (500, TransientError), (503, TransientError),
])
def test_status_mapping(status: int, kind: type | None) -> None:
    error = error_for_status("reddit", response(status))
    assert (type(error) if error else None) is kind
    if error is not None:
        assert "SECRET" not in str(error)  # query strings can hold API keys
        assert error.source == "reddit" and error.kind in {
            "transient", "auth", "content", "rate_limited"}


def test_exception_mapping() -> None:
    request = httpx.Request("GET", "https://x.example")
    assert isinstance(error_for_exception("rss", httpx.ConnectError("refused", request=request)),
                      TransientError)
    assert isinstance(error_for_exception("rss", httpx.ReadTimeout("slow", request=request)),
                      TransientError)
    assert isinstance(error_for_exception("rss", httpx.TooManyRedirects("loop", request=request)),
                      ContentError)
    assert isinstance(error_for_exception("rss", httpx.UnsupportedProtocol("ftp://")),
                      ContentError)
    assert isinstance(error_for_exception("rss", httpx.InvalidURL("bad")), ContentError)


async def test_client_identifies_itself_and_follows_redirects(
        serve_app: Callable[[object], str], http: httpx.AsyncClient) -> None:
    async def moved(request: Request) -> Response:
        return RedirectResponse("/feed", status_code=301)

    async def feed(request: Request) -> Response:
        return Response(request.headers["user-agent"])

    base = serve_app(Starlette(routes=[Route("/old", moved), Route("/feed", feed)]))
    fetched = await Fetcher("rss", min_interval=0, politeness=Politeness()).get(
        http, f"{base}/old")
    assert fetched.text == USER_AGENT == "Vigie/0.1 (+https://vigie.dev)"
    assert str(fetched.url).endswith("/feed")


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/feed", "http://[::1]/x",
                                 "http://169.254.169.254/latest/meta-data/",
                                 "http://10.1.2.3/", "http://localhost/"])
async def test_production_client_refuses_private_addresses(url: str) -> None:
    async with create_http_client() as client:
        with pytest.raises(ContentError, match="non-public address"):
            await Fetcher("rss", min_interval=0, politeness=Politeness()).get(client, url)


async def test_redirects_to_private_addresses_are_refused(
        serve_app: Callable[[object], str]) -> None:
    async def inward(request: Request) -> Response:
        return RedirectResponse("http://169.254.169.254/latest/meta-data/", status_code=302)

    base = serve_app(Starlette(routes=[Route("/", inward)]))

    async def all_but_the_fake(request: httpx.Request) -> None:
        # The fake stands in for a public site; every other hop gets the production check.
        if str(request.url).startswith(base):
            return
        await _public_hosts_only(request)

    async with create_http_client() as client:
        client.event_hooks = {"request": [all_but_the_fake]}
        with pytest.raises(ContentError, match="non-public address"):
            await Fetcher("web", min_interval=0, politeness=Politeness()).get(client, f"{base}/")


async def test_oversized_bodies_are_refused(serve_app: Callable[[object], str],
                                            http: httpx.AsyncClient) -> None:
    async def big(request: Request) -> Response:
        return Response(b"x" * 5000)

    base = serve_app(Starlette(routes=[Route("/", big)]))
    fetcher = Fetcher("web", min_interval=0, politeness=Politeness(), max_bytes=4096)
    with pytest.raises(ContentError, match="larger than"):
        await fetcher.get(http, f"{base}/")


async def test_politeness_spaces_requests_to_one_host() -> None:
    politeness = Politeness()
    started = time.monotonic()
    await asyncio.gather(*(politeness.wait("a.example", 0.15) for _ in range(3)))
    assert time.monotonic() - started >= 0.29  # three requests, two intervals
    other = time.monotonic()
    await politeness.wait("b.example", 0.15)  # another host is not held back
    assert time.monotonic() - other < 0.1


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = RetryPolicy(max_retries=2, base_delay=0.5, max_delay=2.0)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (6, 2.0)]:
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(0 <= d <= ceiling for d in delays) and len(delays) > 1


async def test_transient_failures_are_retried_twice(serve_app: Callable[[object], str],
                                                    http: httpx.AsyncClient) -> None:
    calls: list[int] = []

    async def flaky(request: Request) -> Response:
        calls.append(1)
        return Response("ok" if len(calls) == 3 else "busy", status_code=200 if len(calls) == 3
                        else 503)

    base = serve_app(Starlette(routes=[Route("/", flaky)]))
    fetched = await Fetcher("web", min_interval=0, politeness=Politeness(),
                            retry=FAST_RETRY).get(http, f"{base}/")
    assert fetched.text == "ok" and len(calls) == 3


def test_registry_has_every_source() -> None:
    assert set(COLLECTORS) == set(SOURCES)
    for source, collector in COLLECTORS.items():
        assert isinstance(collector, Collector) and collector.source == source
        assert get_collector(source) is collector
    with pytest.raises(ContentError, match="unknown listening source"):
        get_collector("myspace")


def test_collected_items_are_utc() -> None:
    paris = timezone(timedelta(hours=1))
    item = CollectedItem(source="web", external_id="x", url="https://x", title=None, text="t",
                         author=None, author_url=None,
                         published_at=datetime(2026, 11, 20, 13, tzinfo=paris))
    assert item.published_at == datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert item.published_at.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        CollectedItem(source="web", external_id="x", url="https://x", title=None, text="t",
                      author=None, author_url=None, published_at=datetime(2026, 11, 20))


def test_html_to_text() -> None:
    assert html_to_text("<p>Un&nbsp;  <b>deux</b></p><p>trois<br>quatre</p>") == (
        "Un deux\ntrois\nquatre")
    assert html_to_text("<div>a <script>x()</script><style>p{}</style>b</div>") == "a b"
    assert html_to_text("5 &lt; 6 &amp; 7") == "5 < 6 & 7"
    assert html_to_text("<p>unclosed <i>tags") == "unclosed tags"
    assert html_to_text(None) == ""


def test_parse_datetime() -> None:
    expected = datetime(2026, 11, 20, 11, 2, tzinfo=UTC)
    assert parse_datetime("2026-11-20T11:02:00Z") == expected
    assert parse_datetime("2026-11-20T12:02:00+01:00") == expected
    assert parse_datetime("Fri, 20 Nov 2026 11:02:00 GMT") == expected
    assert parse_datetime(expected.timestamp()) == expected
    assert parse_datetime("yesterday") is None and parse_datetime(None) is None
