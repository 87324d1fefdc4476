"""The inbox list: every filter, full-text search in French and English, bad filters."""

from datetime import timedelta

from httpx import AsyncClient

from tests.factories import create_workspace, invite_and_accept
from tests.listening.inbox.factories import (
    BASE_TIME,
    Agency,
    listed,
    listed_ids,
    make_agency,
    seed_mentions,
)


def ids(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows}


async def test_each_filter_narrows_the_list(client: AsyncClient, agency: Agency) -> None:
    ws, brand, rival = agency.workspace, agency.brand, agency.rival
    news = await seed_mentions(ws, brand, 3, source="news", lang="en")
    reddit = await seed_mentions(ws, rival, 2, source="reddit", lang="fr",
                                 published_at=lambda i: BASE_TIME - timedelta(days=2, minutes=i))
    negative = await seed_mentions(ws, brand, 1, source="x", sentiment_label="negative",
                                   published_at=BASE_TIME - timedelta(hours=5))
    corrected = await seed_mentions(ws, brand, 1, source="x", sentiment_label="positive",
                                    sentiment_corrected="negative",
                                    published_at=BASE_TIME - timedelta(hours=6))
    triaged = await seed_mentions(ws, None, 1, source="x", status="to_answer",
                                  assignee_id=agency.user_id, tags=["promo", "urgent"],
                                  published_at=BASE_TIME - timedelta(hours=7))
    everything = ids(news + reddit + negative + corrected + triaged)
    assert await listed_ids(client, agency) == everything

    assert await listed_ids(client, agency, watch_id=rival["id"]) == ids(reddit)
    assert await listed_ids(client, agency, source=["news", "reddit"]) == ids(news + reddit)
    assert await listed_ids(client, agency, lang="fr") == ids(reddit)
    # The effective label: a person's correction wins over the computed one.
    assert await listed_ids(client, agency, sentiment="negative") == ids(negative + corrected)
    assert await listed_ids(client, agency, sentiment="positive") == set()
    assert await listed_ids(client, agency, status=["to_answer", "answered"]) == ids(triaged)
    assert await listed_ids(client, agency, status="new") == everything - ids(triaged)
    assert await listed_ids(client, agency, assignee="me") == ids(triaged)
    assert await listed_ids(client, agency, assignee_id=agency.user_id) == ids(triaged)
    assert await listed_ids(client, agency, assignee="none") == everything - ids(triaged)
    assert await listed_ids(client, agency, tag=" PROMO ") == ids(triaged)
    assert await listed_ids(client, agency, tag="other") == set()
    window = {"since": (BASE_TIME - timedelta(hours=6, minutes=30)).isoformat(),
              "until": (BASE_TIME - timedelta(hours=4)).isoformat()}
    assert await listed_ids(client, agency, **window) == ids(negative + corrected)
    assert await listed_ids(client, agency, **window, sentiment="negative",
                            source="x") == ids(negative + corrected)


async def test_mention_fields(client: AsyncClient, agency: Agency) -> None:
    [seeded] = await seed_mentions(agency.workspace, agency.brand, 1, sentiment_label="positive",
                                   sentiment_score=0.8, sentiment_corrected="negative",
                                   reach=1234, reach_details={"followers": 1200, "likes": 34},
                                   author_url="https://x.example.com/a")
    [item] = await listed(client, agency)
    assert item["id"] == seeded["id"] and item["watch_ids"] == [agency.brand["id"]]
    assert (item["sentiment"], item["sentiment_computed"], item["sentiment_corrected"]) == \
        ("negative", "positive", True)
    assert item["reach"] == 1234 and item["reach_details"] == {"followers": 1200, "likes": 34}
    assert item["status"] == "new" and item["tags"] == [] and item["note_count"] == 0
    assert item["duplicates"] is None and "search" not in item
    one = await client.get(f"{agency.url}/mentions/{seeded['id']}", headers=agency.headers)
    assert one.status_code == 200 and one.json() == item


async def test_full_text_search_stems_french_and_english(client: AsyncClient,
                                                         agency: Agency) -> None:
    ws, brand = agency.workspace, agency.brand
    [fr] = await seed_mentions(ws, brand, 1, lang="fr", title="Service client",
                               text="Ma demande de remboursement a été refusée trois fois.")
    [en] = await seed_mentions(ws, brand, 1, lang="en", title="Support",
                               text="I asked for a refund and never got an answer.")
    [other] = await seed_mentions(ws, brand, 1, lang="de", text="Brandy Rückerstattung bitte")

    assert await listed_ids(client, agency, q="remboursements") == {fr["id"]}
    assert await listed_ids(client, agency, q="refunds") == {en["id"]}
    assert await listed_ids(client, agency, q="Rückerstattung") == {other["id"]}
    # websearch syntax: quoted phrases, OR, and exclusions.
    assert await listed_ids(client, agency, q='"service client"') == {fr["id"]}
    assert await listed_ids(client, agency, q="refund or remboursement") == {fr["id"], en["id"]}
    assert await listed_ids(client, agency, q="refund -answer") == set()
    assert await listed_ids(client, agency, q="refunds", lang="fr") == set()
    assert len(await listed(client, agency, q="   ")) == 3


BAD_FILTERS = [
    {"sort": "popularity"}, {"since": "yesterday"}, {"until": "2026-13-01T00:00:00Z"},
    {"limit": 0}, {"limit": 201}, {"sentiment": "angry"}, {"status": "archived"},
    {"assignee": "someone"}, {"assignee_id": "not-a-uuid"}, {"watch_id": "1"},
    {"cursor": "garbage"}, {"group": "maybe"},
    {"since": "2026-03-02T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
    {"assignee": "me", "assignee_id": "5b0b3f52-0000-4000-8000-000000000000"},
    {"tag": "x" * 51}, {"q": "x" * 501},
]


async def test_bad_filters_are_422_problems(client: AsyncClient, agency: Agency) -> None:
    for params in BAD_FILTERS:
        response = await client.get(f"{agency.url}/mentions", params=params,
                                    headers=agency.headers)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_cursor_of_another_sort_is_refused(client: AsyncClient, agency: Agency) -> None:
    await seed_mentions(agency.workspace, agency.brand, 3)
    page = await client.get(f"{agency.url}/mentions", params={"limit": 1, "sort": "reach"},
                            headers=agency.headers)
    cursor = page.json()["next_cursor"]
    assert cursor
    response = await client.get(f"{agency.url}/mentions", params={"cursor": cursor},
                                headers=agency.headers)
    assert response.status_code == 422


async def test_another_organization_sees_nothing(client: AsyncClient, agency: Agency) -> None:
    [mine] = await seed_mentions(agency.workspace, agency.brand, 1)
    other = await make_agency(client)
    [theirs] = await seed_mentions(other.workspace, other.brand, 1)
    assert await listed_ids(client, other) == {theirs["id"]}
    for url in (f"{agency.url}/mentions", f"{agency.url}/mentions/{mine['id']}",
                f"{agency.url}/mentions/export.csv", f"{agency.url}/mentions/stats",
                f"{other.url}/mentions/{mine['id']}",
                f"{other.url}/mentions/{mine['id']}/notes"):
        response = await client.get(url, headers=other.headers)
        assert response.status_code == 404, url
        assert response.headers["content-type"] == "application/problem+json"
    patch = await client.patch(f"{other.url}/mentions/{mine['id']}", json={"status": "ignored"},
                               headers=other.headers)
    assert patch.status_code == 404


async def test_clients_are_refused_the_inbox_of_their_own_workspace(
        client: AsyncClient, agency: Agency) -> None:
    [mention] = await seed_mentions(agency.workspace, agency.brand, 1)
    other_ws = await create_workspace(client, agency.headers, agency.owner["org_id"])
    viewer = await invite_and_accept(client, agency.headers, agency.owner["org_id"],
                                     workspace_id=agency.workspace["id"],
                                     workspace_role="client_approver")
    h = viewer["headers"]
    for url in ("/mentions", f"/mentions/{mention['id']}", "/mentions/stats",
                "/mentions/export.csv", "/sentiment-corrections/stats"):
        assert (await client.get(agency.url + url, headers=h)).status_code == 403, url
    assert (await client.get(f"/api/v1/workspaces/{other_ws['id']}/mentions",
                             headers=h)).status_code == 404


async def test_odd_inputs_are_answered_not_crashed_on(client: AsyncClient,
                                                      agency: Agency) -> None:
    await seed_mentions(agency.workspace, agency.brand, 2)
    url, h = f"{agency.url}/mentions", agency.headers
    for params in ({"q": "a\x00b"}, {"source": "x\x00"}, {"tag": "\x00"},
                   {"cursor": "WyJyZWFjaCIsIDFlNDAwLCAiYSJd"},  # ["reach", 1e400, "a"]
                   {"sort": "reach", "cursor": "WyJyZWFjaCIsIDk5OTk5OTk5OTk5LCAiNWIwYjNmNTItMDA"
                                               "wMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIl0"}):
        response = await client.get(url, params=params, headers=h)
        assert response.status_code == 422, (params, response.text)
    for params in ({"since": "0001-01-01T00:00:00+05:00"},
                   {"until": "9999-12-31T23:59:59-05:00"}, {"since": "2026-03-01"},
                   {"q": "'\"():*&|!<->"}, {"q": "-"}, {"q": "the"}):
        response = await client.get(url, params=params, headers=h)
        assert response.status_code in (200, 422), (params, response.text)
    for params in ({"since": "0001-01-02T00:00:00Z"}, {"until": "0001-01-02T00:00:00Z"},
                   {"until": "9999-12-31T23:59:59-05:00"}):
        response = await client.get(f"{agency.url}/mentions/stats", params=params, headers=h)
        assert response.status_code == 422, (params, response.text)
    [m] = await seed_mentions(agency.workspace, agency.brand, 1)
    note = await client.post(f"{url}/{m['id']}/notes", json={"body": "a\x00"}, headers=h)
    assert note.status_code == 422
    patch = await client.patch(f"{url}/{m['id']}", json={"tags": ["a\x00"]}, headers=h)
    assert patch.status_code == 422
