"""`vigie seed-demo`: a newcomer meets a living product, with no internet."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.core.config import get_settings
from app.demo import seed_demo
from app.listening.demo.feeds import router as demo_feeds
from tests.factories import login
from tests.fakes.server import serve
from tests.worker import run_worker


@pytest.fixture
def demo_feeds_served(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo feeds, served over HTTP as `vigie run` serves them."""
    app = FastAPI()
    app.include_router(demo_feeds)
    with serve(app) as base_url:
        monkeypatch.setattr(get_settings(), "public_url", base_url)
        yield base_url


async def test_seed_demo_collects_mentions_from_bundled_feeds(
        client: AsyncClient, demo_feeds_served: str) -> None:
    created = await seed_demo()
    await run_worker()

    owner = await login(client, created["owner_email"], created["owner_password"])
    me = (await client.get("/api/v1/me", headers=owner["headers"])).json()
    workspace = me["workspaces"][0]
    assert workspace["name"] == created["workspace"]
    mentions = (await client.get(f"/api/v1/workspaces/{workspace['id']}/mentions",
                                 headers=owner["headers"], params={"limit": 100})).json()
    items = mentions["items"]
    assert len(items) >= 10
    assert {m["sentiment"] for m in items} >= {"positive", "negative"}
    assert {m["lang"] for m in items} >= {"fr", "en"}
    # The same wire story on three news sites is one group, not three separate stories:
    # the later copies point at the first one seen.
    story = [m for m in items if "vingt" in m["text"]]
    assert len(story) == 3 and len({m["group_id"] or m["id"] for m in story}) == 1

    watches = (await client.get(f"/api/v1/workspaces/{workspace['id']}/watches",
                                headers=owner["headers"])).json()["items"]
    assert {w["kind"] for w in watches} == {"brand", "competitor"}
    rules = (await client.get(f"/api/v1/workspaces/{workspace['id']}/alert-rules",
                              headers=owner["headers"])).json()["items"]
    assert {r["kind"] for r in rules} == {"keyword", "negative_spike"}

    client_session = await login(client, created["client_email"], created["client_password"])
    client_me = (await client.get("/api/v1/me", headers=client_session["headers"])).json()
    assert [w["role"] for w in client_me["workspaces"]] == ["client_approver"]

    again = await seed_demo()
    assert again["owner_email"] == created["owner_email"]
