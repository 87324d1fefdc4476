"""Triage: status, assignee and tags one by one and in bulk; internal notes; sentiment."""

import uuid

import asyncpg
from httpx import AsyncClient

from tests.factories import create_workspace, invite_and_accept
from tests.listening.inbox.factories import Agency, make_agency, seed_mentions, user_id


async def test_patch_status_assignee_and_normalised_tags(client: AsyncClient,
                                                         agency: Agency) -> None:
    [m] = await seed_mentions(agency.workspace, agency.brand, 1)
    url = f"{agency.url}/mentions/{m['id']}"
    response = await client.patch(url, headers=agency.headers, json={
        "status": "to_answer", "assignee_id": agency.user_id,
        "tags": [" Promo ", "PROMO", "Service   client", "", "urgent"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "to_answer" and body["assignee_id"] == agency.user_id
    assert body["tags"] == ["promo", "service client", "urgent"]
    # Only what is sent changes; null unassigns.
    body = (await client.patch(url, json={"assignee_id": None},
                               headers=agency.headers)).json()
    assert body["assignee_id"] is None and body["status"] == "to_answer"
    assert (await client.get(url, headers=agency.headers)).json() == body


async def test_patch_refuses_bad_values(client: AsyncClient, agency: Agency) -> None:
    [m] = await seed_mentions(agency.workspace, agency.brand, 1)
    url = f"{agency.url}/mentions/{m['id']}"
    for body in ({"status": "done"}, {"status": None}, {"tags": None},
                 {"tags": [f"t{i}" for i in range(21)]}, {"tags": ["x" * 51]},
                 {"assignee_id": str(uuid.uuid4())}):
        response = await client.patch(url, json=body, headers=agency.headers)
        assert response.status_code == 422, (body, response.text)
    assert (await client.get(url, headers=agency.headers)).json()["status"] == "new"


async def test_assignee_must_be_staff_reaching_the_workspace(client: AsyncClient,
                                                             agency: Agency) -> None:
    [m] = await seed_mentions(agency.workspace, agency.brand, 1)
    org, h = agency.owner["org_id"], agency.headers
    other_ws = await create_workspace(client, h, org)
    member = await invite_and_accept(client, h, org, org_role="member",
                                     workspace_id=agency.workspace["id"], workspace_role="member")
    elsewhere = await invite_and_accept(client, h, org, org_role="member",
                                        workspace_id=other_ws["id"], workspace_role="member")
    customer = await invite_and_accept(client, h, org, workspace_id=agency.workspace["id"],
                                       workspace_role="client_approver")
    admin = await invite_and_accept(client, h, org, org_role="admin")
    stranger = await make_agency(client)
    url = f"{agency.url}/mentions/{m['id']}"
    for person, status in ((member, 200), (admin, 200), (elsewhere, 422), (customer, 422)):
        response = await client.patch(url, headers=h, json={
            "assignee_id": await user_id(client, person["headers"])})
        assert response.status_code == status, (person["email"], response.text)
    response = await client.patch(url, json={"assignee_id": stranger.user_id}, headers=h)
    assert response.status_code == 422 and response.json()["code"] == "invalid_assignee"
    # A workspace member triages too.
    ok = await client.patch(url, json={"status": "answered"}, headers=member["headers"])
    assert ok.status_code == 200


async def test_bulk_updates_own_mentions_only(client: AsyncClient, agency: Agency,
                                              owner_db: asyncpg.Connection) -> None:
    mine = await seed_mentions(agency.workspace, agency.brand, 3, tags=["old", "keep"])
    sibling_ws = await create_workspace(client, agency.headers, agency.owner["org_id"])
    [sibling] = await seed_mentions(sibling_ws, None, 1, tags=["old"])
    other = await make_agency(client)
    [foreign] = await seed_mentions(other.workspace, other.brand, 1, tags=["old"])
    ids = [m["id"] for m in mine] + [sibling["id"], foreign["id"], str(uuid.uuid4())]

    response = await client.post(f"{agency.url}/mentions/bulk", headers=agency.headers, json={
        "mention_ids": ids, "set_status": "ignored", "set_assignee_id": agency.user_id,
        "add_tags": ["New", "keep"], "remove_tags": ["OLD"]})
    assert response.status_code == 200, response.text
    assert response.json() == {"updated": 3}
    rows = {str(r["id"]): r for r in await owner_db.fetch(
        "SELECT id, status, assignee_id, tags FROM mentions")}
    for m in mine:
        assert rows[m["id"]]["status"] == "ignored"
        assert str(rows[m["id"]]["assignee_id"]) == agency.user_id
        assert rows[m["id"]]["tags"] == ["keep", "new"]
    for untouched in (sibling, foreign):
        row = rows[untouched["id"]]
        assert (row["status"], row["assignee_id"], row["tags"]) == ("new", None, ["old"])


async def test_bulk_is_all_or_nothing(client: AsyncClient, agency: Agency,
                                      owner_db: asyncpg.Connection) -> None:
    mine = await seed_mentions(agency.workspace, agency.brand, 2)
    [full] = await seed_mentions(agency.workspace, agency.brand, 1,
                                 tags=[f"t{i}" for i in range(19)])
    ids = [m["id"] for m in [*mine, full]]
    url = f"{agency.url}/mentions/bulk"
    bad = [
        {"mention_ids": ids, "set_status": "ignored", "set_assignee_id": str(uuid.uuid4())},
        {"mention_ids": ids, "set_status": "ignored", "add_tags": ["a", "b"]},  # 21 on `full`
        {"mention_ids": ids, "set_status": "nope"},
        {"mention_ids": ids, "set_status": None},
        {"mention_ids": ids},
        {"mention_ids": []},
        {"mention_ids": [str(uuid.uuid4()) for _ in range(501)], "set_status": "ignored"},
        {"mention_ids": ids, "set_status": "ignored", "add_tags": ["x" * 51]},
    ]
    for body in bad:
        response = await client.post(url, json=body, headers=agency.headers)
        assert response.status_code == 422, (body, response.text)
    statuses = await owner_db.fetch("SELECT DISTINCT status FROM mentions")
    assert [r["status"] for r in statuses] == ["new"]
    # Removing while adding keeps the count under the cap.
    ok = await client.post(url, headers=agency.headers, json={
        "mention_ids": ids, "add_tags": ["a"], "remove_tags": ["t0"]})
    assert ok.json() == {"updated": 3}
    tags = await owner_db.fetchval("SELECT tags FROM mentions WHERE id = $1",
                                   uuid.UUID(full["id"]))
    assert len(tags) == 19 and tags[-1] == "a" and "t0" not in tags


async def test_notes_are_internal(client: AsyncClient, agency: Agency) -> None:
    [m] = await seed_mentions(agency.workspace, agency.brand, 1)
    url = f"{agency.url}/mentions/{m['id']}/notes"
    first = await client.post(url, json={"body": "  Call them back  "}, headers=agency.headers)
    assert first.status_code == 201, first.text
    assert first.json()["body"] == "Call them back"
    assert first.json()["author_id"] == agency.user_id
    await client.post(url, json={"body": "Done"}, headers=agency.headers)
    notes = (await client.get(url, headers=agency.headers)).json()
    assert [n["body"] for n in notes["items"]] == ["Done", "Call them back"]
    mention = (await client.get(f"{agency.url}/mentions/{m['id']}",
                                headers=agency.headers)).json()
    assert mention["note_count"] == 2
    assert (await client.post(url, json={"body": " "}, headers=agency.headers)).status_code \
        == 422

    customer = await invite_and_accept(client, agency.headers, agency.owner["org_id"],
                                       workspace_id=agency.workspace["id"],
                                       workspace_role="client_approver")
    assert (await client.get(url, headers=customer["headers"])).status_code == 403
    denied = await client.post(url, json={"body": "hi"}, headers=customer["headers"])
    assert denied.status_code == 403
    unknown = await client.get(f"{agency.url}/mentions/{uuid.uuid4()}/notes",
                               headers=agency.headers)
    assert unknown.status_code == 404


async def test_sentiment_corrections_are_kept_and_counted(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    fr = await seed_mentions(agency.workspace, agency.brand, 2, lang="fr",
                             sentiment_label="positive", sentiment_score=0.6)
    [en] = await seed_mentions(agency.workspace, agency.brand, 1, lang="en",
                               sentiment_label="neutral")
    corrections = [(fr[0], "negative"), (fr[1], "negative"), (en, "negative"),
                   (en, "positive")]
    for mention, label in corrections:
        response = await client.post(f"{agency.url}/mentions/{mention['id']}/sentiment",
                                     json={"label": label}, headers=agency.headers)
        assert response.status_code == 200, response.text
    body = response.json()
    assert (body["sentiment"], body["sentiment_computed"], body["sentiment_corrected"]) == \
        ("positive", "neutral", True)
    row = await owner_db.fetchrow(
        "SELECT sentiment_label, sentiment_score, sentiment_corrected FROM mentions "
        "WHERE id = $1", uuid.UUID(fr[0]["id"]))
    assert tuple(row) == ("positive", 0.6, "negative")

    stats = await client.get(f"{agency.url}/sentiment-corrections/stats",
                             headers=agency.headers)
    assert stats.status_code == 200
    assert stats.json() == {
        "total": 4,
        "pairs": [{"computed": "positive", "corrected": "negative", "count": 2},
                  {"computed": "neutral", "corrected": "negative", "count": 1},
                  {"computed": "neutral", "corrected": "positive", "count": 1}],
        "languages": [{"lang": "en", "count": 2}, {"lang": "fr", "count": 2}]}
    bad = await client.post(f"{agency.url}/mentions/{en['id']}/sentiment",
                            json={"label": "furious"}, headers=agency.headers)
    assert bad.status_code == 422
