"""Plain factories for the inbox tests: watches and mentions inserted as the tables' owner.

The collection pipeline is not what these tests are about, so rows go straight in. Values
start from the model's own defaults (a `Mention(...)` instance), so a column added to the
model with a default needs no change here.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from httpx import AsyncClient

from app.listening.models import Mention, Watch
from tests.conftest import owner_dsn
from tests.factories import create_workspace, signup

BASE_TIME = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _value(override: Any, i: int) -> Any:
    """An override is a value for every row, or a function of the row's index."""
    return override(i) if callable(override) else override


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, str):
        return str(value)  # StrEnum members as plain text for asyncpg
    return value


async def _insert(model: type, values: list[dict[str, Any]]) -> None:
    table = model.__table__  # type: ignore[attr-defined]
    columns = [c.name for c in table.columns if c.computed is None]
    placeholders = ", ".join(f"${i + 1}" for i in range(len(columns)))
    sql = (f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({placeholders})')
    conn = await asyncpg.connect(owner_dsn())
    try:
        await conn.executemany(sql, [[_plain(v[c]) for c in columns] for v in values])
    finally:
        await conn.close()


def _row(model: type, fields: dict[str, Any]) -> dict[str, Any]:
    obj = model(**fields)
    return {c.name: getattr(obj, c.name) for c in model.__table__.columns  # type: ignore
            if c.computed is None}


async def seed_watch(workspace: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    fields = {"organization_id": uuid.UUID(workspace["organization_id"]),
              "workspace_id": uuid.UUID(workspace["id"]), "name": "Brandy",
              "kind": "brand", "query": "brandy", **overrides}
    row = _row(Watch, fields)
    await _insert(Watch, [row])
    return {**row, "id": str(row["id"])}


async def seed_mentions(workspace: dict[str, Any], watch: dict[str, Any] | None, n: int = 1,
                        **overrides: Any | Callable[[int], Any]) -> list[dict[str, Any]]:
    """n mentions, one minute apart going back from BASE_TIME, in `watch` (may be None).

    Each override is a value for every row or a function of the row's index, e.g.
    `reach=lambda i: i * 10` or `tags=["promo"]`."""
    rows = []
    for i in range(n):
        key = uuid.uuid4().hex
        fields: dict[str, Any] = {
            "organization_id": uuid.UUID(workspace["organization_id"]),
            "workspace_id": uuid.UUID(workspace["id"]),
            "watch_ids": [uuid.UUID(watch["id"])] if watch else [],
            "source": "news", "external_id": key, "dedup_key": key[:64],
            "url": f"https://news.example.com/{key}",
            "canonical_url": f"https://news.example.com/{key}",
            "title": f"Article {i}", "text": f"Brandy is in the news, story {i}",
            "author": f"author{i}", "lang": "en",
            "published_at": BASE_TIME - timedelta(minutes=i), "reach": 100,
        }
        for name, override in overrides.items():
            fields[name] = _value(override, i)
        rows.append(_row(Mention, fields))
    await _insert(Mention, rows)
    return [{**r, "id": str(r["id"])} for r in rows]


@dataclass
class Agency:
    owner: dict[str, Any]
    headers: dict[str, str]
    user_id: str
    workspace: dict[str, Any]
    brand: dict[str, Any]
    rival: dict[str, Any]

    @property
    def url(self) -> str:
        return f"/api/v1/workspaces/{self.workspace['id']}"


async def make_agency(client: AsyncClient, **workspace_fields: Any) -> Agency:
    owner = await signup(client)
    workspace = await create_workspace(client, owner["headers"], owner["org_id"],
                                       **workspace_fields)
    brand = await seed_watch(workspace, name="Brandy", kind="brand", query="brandy")
    rival = await seed_watch(workspace, name="Rival", kind="competitor", query="rival")
    return Agency(owner, owner["headers"], owner["user"]["id"], workspace, brand, rival)


async def listed(client: AsyncClient, agency: Agency, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(f"{agency.url}/mentions", params=params, headers=agency.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def listed_ids(client: AsyncClient, agency: Agency, **params: Any) -> set[str]:
    return {m["id"] for m in await listed(client, agency, **params)}


async def user_id(client: AsyncClient, headers: dict[str, str]) -> str:
    response = await client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["user"]["id"])
