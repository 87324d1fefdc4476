"""Fake API servers for connector tests: one uvicorn per fake for the session, reset per test.

`serve_app(app)` serves any other ASGI app for the duration of one test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from app.connectors.http import create_http_client
from tests.connectors.support import Served
from tests.fakes.bluesky import BlueskyFake
from tests.fakes.control import Fake
from tests.fakes.feeds import FeedsFake
from tests.fakes.hackernews import HackerNewsFake
from tests.fakes.mastodon import MastodonFake
from tests.fakes.reddit import RedditFake
from tests.fakes.server import serve
from tests.fakes.web import WebFake
from tests.fakes.youtube import YouTubeFake


def _fake_fixtures(name: str, cls: type[Fake]) -> tuple[Any, Any]:
    @pytest.fixture(scope="session", name=f"_{name}_server")
    def server() -> Iterator[Served[Fake]]:
        fake = cls()
        with serve(fake.app) as url:
            yield Served(fake, url)

    @pytest.fixture(name=name)
    def fresh(request: pytest.FixtureRequest) -> Served[Fake]:
        served: Served[Fake] = request.getfixturevalue(f"_{name}_server")
        served.fake.reset()
        return served

    return server, fresh


_hn_server, hn = _fake_fixtures("hn", HackerNewsFake)
_reddit_server, reddit = _fake_fixtures("reddit", RedditFake)
_mastodon_server, mastodon = _fake_fixtures("mastodon", MastodonFake)
_bluesky_server, bluesky = _fake_fixtures("bluesky", BlueskyFake)
_feeds_server, feeds = _fake_fixtures("feeds", FeedsFake)
_web_server, web = _fake_fixtures("web", WebFake)
_youtube_server, youtube = _fake_fixtures("youtube", YouTubeFake)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # The fakes listen on 127.0.0.1, which production clients refuse to reach.
    async with create_http_client(timeout=5.0, allow_private_hosts=True) as client:
        yield client


@pytest.fixture
def serve_app() -> Iterator[Callable[[Any], str]]:
    """Serve an ASGI app on a free loopback port until the test ends; returns its base URL."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(serve(app))


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """Connector tests touch neither PostgreSQL nor Redis: skip the per-test truncation.

    Overrides the project-wide autouse fixture of the same name for this folder only; it costs
    about half a second per test and there is nothing here for it to clean.
    """
