"""A watch collects from a real feed over HTTP, through the real worker, into the inbox."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient

from app.listening import collection
from tests.factories import create_workspace, signup
from tests.fakes.feeds import FeedsFake, rss_item
from tests.fakes.server import serve
from tests.worker import run_worker


@pytest.fixture
def feed() -> Iterator[tuple[FeedsFake, str]]:
    fake = FeedsFake()
    with serve(fake.app) as base_url:
        yield fake, f"{base_url}/feeds/news.xml"


async def _watch(client: AsyncClient, headers: dict, ws: str, url: str, **fields: object
                 ) -> dict:
    payload = {"name": "Nimbus", "query": "nimbus -abonnement",
               "sources": [{"source": "rss", "url": url}], **fields}
    response = await client.post(f"/api/v1/workspaces/{ws}/watches", json=payload,
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _mentions(client: AsyncClient, headers: dict, ws: str) -> list[dict]:
    response = await client.get(f"/api/v1/workspaces/{ws}/mentions", headers=headers,
                                params={"limit": 200})
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_watch_collects_into_the_inbox_once(client: AsyncClient, feed) -> None:  # type: ignore[no-untyped-def]
    fake, url = feed
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    watch = await _watch(client, owner["headers"], ws, url)
    assert watch["sources"][0]["status"] == "pending"

    await run_worker()  # creating the watch queued its first collection
    mentions = await _mentions(client, owner["headers"], ws)
    titles = {m["title"] for m in mentions}
    assert any("lève 40 millions" in t for t in titles)
    assert not any("abonnement" in (t or "").lower() for t in titles)  # excluded by -term
    assert all(m["lang"] == "fr" for m in mentions)
    assert any(m["sentiment"] == "negative" for m in mentions if "Panne" in m["title"])
    health = (await client.get(f"/api/v1/workspaces/{ws}/watches/{watch['id']}",
                               headers=owner["headers"])).json()["sources"][0]
    assert health["status"] == "ok" and health["items_total"] == len(mentions)

    # A second run asks with the feed's validators and stores nothing twice.
    fake.add_items([rss_item("n-99", "Nimbus ouvre à Nantes", "https://news.example.com/nantes",
                             datetime.now(UTC), "Nimbus arrive à Nantes avec 300 stations.")])
    await client.post(f"/api/v1/workspaces/{ws}/watches/{watch['id']}/collect",
                      headers=owner["headers"])
    await run_worker()
    again = await _mentions(client, owner["headers"], ws)
    assert len(again) == len(mentions) + 1
    assert len({m["url"] for m in again}) == len(again)


async def test_a_killed_run_is_picked_up_again(client: AsyncClient, feed, owner_db) -> None:  # type: ignore[no-untyped-def]
    _, url = feed
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    await _watch(client, owner["headers"], ws, url)
    # The worker died mid-run: the row says running, its lease has expired, no job is queued.
    await owner_db.execute(
        "UPDATE watch_sources SET state = 'running', lease_until = now() - interval '1 minute',"
        " next_run_at = now() - interval '1 minute'")
    from tests.conftest import flush_queue

    await flush_queue()
    assert await collection.schedule_due() == 1
    await run_worker()
    assert len(await _mentions(client, owner["headers"], ws)) >= 3
    row = await owner_db.fetchrow("SELECT state, lease_until, next_run_at FROM watch_sources")
    assert row["state"] == "idle" and row["lease_until"] is None
    assert row["next_run_at"] > datetime.now(UTC) + timedelta(minutes=10)


async def test_a_failing_source_shows_why_and_backs_off(client: AsyncClient, feed) -> None:  # type: ignore[no-untyped-def]
    fake, url = feed
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    fake.respond(status=503, times=10)
    watch = await _watch(client, owner["headers"], ws, url)
    await run_worker()
    source = (await client.get(f"/api/v1/workspaces/{ws}/watches/{watch['id']}",
                               headers=owner["headers"])).json()["sources"][0]
    assert source["status"] == "failing"
    assert source["last_error_kind"] == "transient"
    next_run = datetime.fromisoformat(source["next_run_at"])
    assert next_run > datetime.now(UTC) + timedelta(minutes=15)


async def test_an_invalid_query_points_at_the_error(client: AsyncClient) -> None:
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    response = await client.post(f"/api/v1/workspaces/{ws}/watches", headers=owner["headers"],
                                 json={"name": "x", "query": "nimbus AND (panne OR",
                                       "sources": [{"source": "hackernews"}]})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_query" and body["position"] >= 0
    assert (await client.get(f"/api/v1/workspaces/{ws}/watches",
                             headers=owner["headers"])).json()["items"] == []


async def test_preview_matches_without_storing(client: AsyncClient, feed) -> None:  # type: ignore[no-untyped-def]
    _, url = feed
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    response = await client.post(f"/api/v1/workspaces/{ws}/watches/preview",
                                 headers=owner["headers"],
                                 json={"query": "nimbus AND panne",
                                       "sources": [{"source": "rss", "url": url}]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["sources"][0]["matched"] == len(body["items"]) >= 1
    assert all("panne" in (i["title"] + i["text"]).lower() for i in body["items"])
    assert await _mentions(client, owner["headers"], ws) == []


async def test_clients_cannot_see_watches(client: AsyncClient) -> None:
    from tests.factories import invite_and_accept

    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    viewer = await invite_and_accept(client, owner["headers"], owner["org_id"], workspace_id=ws,
                                     workspace_role="client_viewer")
    response = await client.get(f"/api/v1/workspaces/{ws}/watches", headers=viewer["headers"])
    assert response.status_code == 403


async def test_a_watch_collects_at_once_when_resumed_or_given_new_sources(
        client: AsyncClient, feed) -> None:  # type: ignore[no-untyped-def]
    _, url = feed
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    watch = await _watch(client, owner["headers"], ws, url, status="paused")
    path = f"/api/v1/workspaces/{ws}/watches/{watch['id']}"

    await run_worker()  # a watch created paused queues nothing
    assert await _mentions(client, owner["headers"], ws) == []

    response = await client.patch(path, json={"status": "active"}, headers=owner["headers"])
    assert response.status_code == 200, response.text
    await run_worker()  # no cron: resuming queued the collection
    stored = await _mentions(client, owner["headers"], ws)
    assert stored

    # The same stories at Google News' search path: a new source, collected at once.
    news_search = url.replace("/feeds/news.xml", "/rss/search?q=nimbus")
    response = await client.patch(path, json={"sources": [{"source": "rss",
                                                           "url": news_search}]},
                                  headers=owner["headers"])
    assert response.json()["sources"][0]["status"] == "pending"
    await run_worker()
    source = (await client.get(path, headers=owner["headers"])).json()["sources"][0]
    assert source["status"] == "ok" and source["last_success_at"] is not None
    assert len(await _mentions(client, owner["headers"], ws)) == len(stored)  # found again

    # Renaming an active watch leaves its schedule alone.
    response = await client.patch(path, json={"name": "Nimbus (FR)"}, headers=owner["headers"])
    before = response.json()["sources"][0]["last_run_at"]
    await run_worker()
    after = (await client.get(path, headers=owner["headers"])).json()["sources"][0]
    assert after["last_run_at"] == before
