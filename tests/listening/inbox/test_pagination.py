"""Keyset pagination by date and by reach, ties included, and near-duplicate collapsing."""

import uuid
from datetime import timedelta
from typing import Any

from httpx import AsyncClient

from tests.listening.inbox.factories import BASE_TIME, Agency, listed, seed_mentions


async def walk(client: AsyncClient, agency: Agency, **params: Any) -> list[dict[str, Any]]:
    """Every page, following next_cursor to the end."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(f"{agency.url}/mentions", params=query,
                                    headers=agency.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= params["limit"]
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination does not end")


async def test_by_date_with_ties_no_duplicates_no_gaps(client: AsyncClient,
                                                       agency: Agency) -> None:
    # Three mentions share each publication time: the id breaks ties.
    rows = await seed_mentions(agency.workspace, agency.brand, 25,
                               published_at=lambda i: BASE_TIME - timedelta(minutes=i // 3))
    expected = sorted(rows, key=lambda r: (r["published_at"], uuid.UUID(r["id"])),
                      reverse=True)
    for limit in (1, 4, 7, 25, 200):
        items = await walk(client, agency, limit=limit)
        assert [i["id"] for i in items] == [r["id"] for r in expected], limit


async def test_by_reach_with_ties(client: AsyncClient, agency: Agency) -> None:
    rows = await seed_mentions(agency.workspace, agency.brand, 23, reach=lambda i: (i % 4) * 10)
    expected = sorted(rows, key=lambda r: (r["reach"], uuid.UUID(r["id"])), reverse=True)
    items = await walk(client, agency, limit=5, sort="reach")
    assert [i["id"] for i in items] == [r["id"] for r in expected]
    assert [i["reach"] for i in items] == sorted((i["reach"] for i in items), reverse=True)


async def test_pagination_keeps_the_filters(client: AsyncClient, agency: Agency) -> None:
    wanted = await seed_mentions(agency.workspace, agency.brand, 9, source="reddit")
    await seed_mentions(agency.workspace, agency.brand, 9, source="news")
    items = await walk(client, agency, limit=2, source="reddit", sort="reach")
    assert sorted(i["id"] for i in items) == sorted(r["id"] for r in wanted)


async def test_group_collapses_near_duplicates(client: AsyncClient, agency: Agency) -> None:
    ws, brand = agency.workspace, agency.brand

    def at(minutes: int) -> Any:
        return BASE_TIME - timedelta(minutes=minutes)

    # The pipeline's convention: the first one seen has no group_id, the later ones its id.
    [leader] = await seed_mentions(ws, brand, 1, published_at=at(30), reach=5, source="news")
    copies = await seed_mentions(ws, brand, 3, group_id=uuid.UUID(leader["id"]), source="blog",
                                 published_at=lambda i: at(10 + i * 5), reach=lambda i: i)
    [other_leader] = await seed_mentions(ws, brand, 1, published_at=at(20), reach=50)
    [other_copy] = await seed_mentions(ws, brand, 1, group_id=uuid.UUID(other_leader["id"]),
                                       published_at=at(25), reach=1)
    singles = await seed_mentions(ws, brand, 2, published_at=lambda i: at(1 + i),
                                 reach=lambda i: 40 - i)

    grouped = await listed(client, agency, group="true")
    # Each group shows up once, at the place of its newest member.
    assert [m["id"] for m in grouped] == [singles[0]["id"], singles[1]["id"], copies[0]["id"],
                                          other_leader["id"]]
    assert [m["duplicates"] for m in grouped] == [0, 0, 3, 1]
    assert all(m["note_count"] == 0 for m in grouped)
    assert len(await listed(client, agency, group="false")) == 8

    # By reach, the widest member represents its group.
    by_reach = await listed(client, agency, group="true", sort="reach")
    assert [m["id"] for m in by_reach] == [other_leader["id"], singles[0]["id"],
                                           singles[1]["id"], leader["id"]]
    assert by_reach[3]["duplicates"] == 3
    assert other_copy["id"] not in {m["id"] for m in by_reach}

    # Filters apply to the members too: the representative and count are among matches.
    blogs = await listed(client, agency, group="true", source="blog")
    assert [(m["id"], m["duplicates"]) for m in blogs] == [(copies[0]["id"], 2)]
    news = await listed(client, agency, group="true", source="news")
    assert [(m["id"], m["duplicates"]) for m in news] == [
        (singles[0]["id"], 0), (singles[1]["id"], 0), (other_leader["id"], 1), (leader["id"], 0)]

    # Pages of one: every group exactly once, nothing lost between pages.
    for sort in ("date", "reach"):
        walked = [m["id"] for m in await walk(client, agency, limit=1, group="true", sort=sort)]
        assert len(walked) == len(set(walked)) == 4
