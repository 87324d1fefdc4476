"""Marking mentions irrelevant teaches which terms to exclude from the watch's query."""

import uuid
from datetime import timedelta

from httpx import AsyncClient

from tests.listening.inbox.factories import (
    BASE_TIME,
    Agency,
    make_agency,
    seed_mentions,
    seed_watch,
)

IRRELEVANT = ["Grandma's apple pie recipe with cinnamon", "Easy apple pie recipe for tonight",
              "The best apple pie recipe ever", "Apple crumble or apple pie? A recipe duel"]
RELEVANT = ["Apple launches a new iPhone", "Queue at the Apple store for the iPhone",
            "Apple earnings beat expectations", "The Apple Watch gets a new sensor",
            "Apple pie? No, Apple's new laptop"]


async def test_suggestions_follow_the_mentions_marked_irrelevant(client: AsyncClient,
                                                                agency: Agency) -> None:
    watch = await seed_watch(agency.workspace, name="Apple", query="apple OR iphone")
    url = f"{agency.url}/watches/{watch['id']}/exclusion-suggestions"
    noisy = await seed_mentions(agency.workspace, watch, len(IRRELEVANT), title=None,
                                text=lambda i: IRRELEVANT[i])
    await seed_mentions(agency.workspace, watch, len(RELEVANT), title=None,
                        text=lambda i: RELEVANT[i],
                        published_at=lambda i: BASE_TIME - timedelta(hours=1, minutes=i))
    # Another watch's irrelevant mentions teach nothing about this one.
    await seed_mentions(agency.workspace, agency.brand, 5, status="irrelevant",
                        text="football results tonight")

    nothing_yet = await client.get(url, headers=agency.headers)
    assert nothing_yet.status_code == 200 and nothing_yet.json() == {"suggestions": []}

    marked = await client.post(f"{agency.url}/mentions/bulk", headers=agency.headers, json={
        "mention_ids": [m["id"] for m in noisy], "set_status": "irrelevant"})
    assert marked.json() == {"updated": len(noisy)}

    response = await client.get(url, headers=agency.headers)
    assert response.status_code == 200, response.text
    suggestions = response.json()["suggestions"]
    # "recipe" is in every irrelevant mention and no relevant one; "pie" also shows up in
    # a relevant one, so it ranks after.
    assert [s["term"] for s in suggestions] == ["recipe", "pie"]
    for s in suggestions:
        assert s["term"].casefold() not in {"apple", "iphone", "football"}
        assert s["query_with_exclusion"] == f"(apple OR iphone) -{s['term']}"
    limited = await client.get(url, params={"limit": 1}, headers=agency.headers)
    assert len(limited.json()["suggestions"]) == 1


async def test_suggestions_of_unknown_or_foreign_watch_are_404(client: AsyncClient,
                                                               agency: Agency) -> None:
    other = await make_agency(client)
    for ws_url, watch_id in ((agency.url, uuid.uuid4()), (agency.url, other.brand["id"]),
                             (other.url, agency.brand["id"])):
        response = await client.get(f"{ws_url}/watches/{watch_id}/exclusion-suggestions",
                                    headers=other.headers if ws_url == other.url
                                    else agency.headers)
        assert response.status_code == 404, response.text
    bad = await client.get(f"{agency.url}/watches/{agency.brand['id']}/exclusion-suggestions",
                           params={"limit": 0}, headers=agency.headers)
    assert bad.status_code == 422
