"""The inbox page is written as JSON straight from the rows: it must be exactly what
`MentionPage` writes, and say of each mention what the mention's own endpoint says."""

import uuid
from datetime import timedelta

from httpx import AsyncClient

from app.listening.inbox_schemas import MentionPage
from tests.api_keys.test_api_keys import create_key
from tests.factories import bearer, create_workspace
from tests.listening.inbox.factories import BASE_TIME, Agency, seed_mentions


async def test_pages_are_the_models_json_and_agree_with_each_mention(
        client: AsyncClient, agency: Agency) -> None:
    group = uuid.uuid4()
    first, *others = await seed_mentions(
        agency.workspace, agency.brand, 4, reach=lambda i: [0, 12, 5000, 7][i],
        reach_details=lambda i: {"followers": [0, 12, 5000, 7][i], "likes": i},
        tags=lambda i: ["sav", "urgent"][:i], lang=lambda i: [None, "fr", "en", "fr"][i],
        title=lambda i: None if i == 2 else f"Article {i}",
        author_url=lambda i: f"https://social.example/@a{i}" if i else None,
        sentiment_label="positive", sentiment_score=0.5)
    # Older copies: the group is shown as its newest mention, `first`.
    await seed_mentions(agency.workspace, None, 2, text="Copie de l'article",
                        published_at=BASE_TIME - timedelta(days=1),
                        group_id=lambda i: uuid.UUID(first["id"]) if i == 0 else group)
    url = f"{agency.url}/mentions"
    assert (await client.post(f"{url}/{others[0]['id']}/sentiment", json={"label": "negative"},
                              headers=agency.headers)).status_code == 200
    assert (await client.post(f"{url}/{others[1]['id']}/notes", json={"body": "À rappeler"},
                              headers=agency.headers)).status_code == 201

    for params in ({}, {"limit": 2}, {"group": "true"}, {"sort": "reach", "limit": 3},
                   {"q": "article", "sentiment": "negative"},
                   {"group": "true", "q": "article", "sentiment": ["positive", "negative"],
                    "lang": ["fr", "en"], "limit": 1},
                   {"tag": "sav", "watch_id": agency.brand["id"], "status": "new"}):
        response = await client.get(url, params=params, headers=agency.headers)
        assert response.status_code == 200, response.text
        if cursor := response.json()["next_cursor"]:  # and the page after, once
            response = await client.get(url, params={**params, "cursor": cursor},
                                        headers=agency.headers)
            assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        page = MentionPage.model_validate_json(response.content)
        assert page.model_dump_json().encode() == response.content
        assert page.items, params
        for item in response.json()["items"]:
            one = (await client.get(f"{url}/{item['id']}", headers=agency.headers)).json()
            duplicates, one["duplicates"] = item.pop("duplicates"), None
            assert item == {k: v for k, v in one.items() if k != "duplicates"}
            assert (duplicates is not None) == (params.get("group") == "true")

    listed = (await client.get(url, headers=agency.headers)).json()["items"]
    by_id = {m["id"]: m for m in listed}
    assert by_id[others[0]["id"]]["sentiment"] == "negative"
    assert by_id[others[0]["id"]]["sentiment_computed"] == "positive"
    assert by_id[others[0]["id"]]["sentiment_corrected"] is True
    assert by_id[others[1]["id"]]["note_count"] == 1
    grouped = (await client.get(url, params={"group": "true"}, headers=agency.headers)).json()
    assert {m["id"]: m["duplicates"] for m in grouped["items"]}[first["id"]] == 1


async def test_a_key_limited_to_one_workspace_lists_only_its_mentions(
        client: AsyncClient, agency: Agency) -> None:
    org = agency.workspace["organization_id"]
    other = await create_workspace(client, agency.headers, org)
    mine = await seed_mentions(agency.workspace, agency.brand, 3)
    await seed_mentions(other, None, 2)
    key = (await create_key(client, agency.headers, org, ["mentions:read"],
                            workspace_ids=[agency.workspace["id"]]))["key"]

    listed = await client.get(f"{agency.url}/mentions", headers=bearer(key))
    assert listed.status_code == 200, listed.text
    assert {m["id"] for m in listed.json()["items"]} == {m["id"] for m in mine}
    refused = await client.get(f"/api/v1/workspaces/{other['id']}/mentions",
                               headers=bearer(key))
    assert refused.status_code == 404
    everything = await client.get(f"/api/v1/workspaces/{other['id']}/mentions",
                                  headers=agency.headers)
    assert len(everything.json()["items"]) == 2
