"""The two agencies of the tenant-isolation suite, and a fingerprint of the victim's rows.

Victim A holds one object of every kind whose id appears in an API path; rows that only the
workers write (watches, mentions, alerts) are inserted through the owner connection, the way
the other domains' tests do. Attacker B holds an owner session and an API key with every
scope in its own organization.
"""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import redis.asyncio as aioredis
from httpx import AsyncClient, Response

from app.auth.permissions import ALL_SCOPES
from app.core.config import get_settings
from app.models import metadata
from tests.alerts.factories import create_rule, insert_mentions, insert_watch
from tests.conftest import owner_dsn
from tests.factories import bearer, create_workspace, invite, invite_and_accept, signup

# Tables that must hold some of A's rows, or the "nothing changed" check proves nothing.
VICTIM_TABLES = ("organizations", "organization_memberships", "workspaces",
                 "workspace_memberships", "invitations", "api_keys", "watches", "mentions",
                 "alert_rules", "alerts")


@dataclass
class World:
    """The ids of victim A's objects, and attacker B's credentials."""

    victim: dict[str, str] = field(default_factory=dict)
    victim_headers: dict[str, str] = field(default_factory=dict)
    victim_user_ids: list[uuid.UUID] = field(default_factory=list)
    # Another user of A, in A's organization but not yet in A's workspace.
    victim_member_user_id: str = ""
    attacker: dict[str, dict[str, str]] = field(default_factory=dict)
    # B's own objects, for the paths that mix B's parents with A's object.
    attacker_ids: dict[str, str] = field(default_factory=dict)
    attacker_email: str = ""


async def _ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response.json() if response.content else None


async def _member_id(client: AsyncClient, url: str, headers: dict[str, str], email: str) -> str:
    items = (await _ok(await client.get(url, headers=headers)))["items"]
    return next(m["id"] for m in items if m["email"] == email)


async def _api_key(client: AsyncClient, headers: dict[str, str], org_id: str,
                   scopes: list[str]) -> dict[str, Any]:
    return await _ok(await client.post(f"/api/v1/organizations/{org_id}/api-keys",
                                       json={"name": "integration", "scopes": scopes},
                                       headers=headers), 201)


async def _insert_alert(db: asyncpg.Connection, org_id: str, workspace_id: str, rule_id: str,
                        mention_id: uuid.UUID) -> uuid.UUID:
    alert_id = uuid.uuid4()
    await db.execute(
        "INSERT INTO alerts (id, organization_id, workspace_id, rule_id, kind, status, title,"
        " details, mention_ids, occurrences, first_triggered_at, last_triggered_at,"
        " notified_occurrences, created_at) VALUES ($1, $2, $3, $4, 'keyword', 'open',"
        " 'Bad buzz', $5::jsonb, $6, 1, now(), now(), 0, now())",
        alert_id, uuid.UUID(org_id), uuid.UUID(workspace_id), uuid.UUID(rule_id),
        json.dumps({"keywords": ["boycott"]}), [mention_id])
    return alert_id


async def _listening(client: AsyncClient, db: asyncpg.Connection, headers: dict[str, str],
                     org: str, workspace: str) -> dict[str, str]:
    watch = await insert_watch(db, org, workspace)
    [mention] = await insert_mentions(db, org, workspace, watch_ids=[watch],
                                      text="Boycott Brandy !")
    rule = await create_rule(client, headers, workspace)
    alert = await _insert_alert(db, org, workspace, rule["id"], mention)
    return {"watch_id": str(watch), "mention_id": str(mention), "alert_rule_id": rule["id"],
            "alert_id": str(alert)}


async def _victim(client: AsyncClient, owner_db: asyncpg.Connection, world: World) -> None:
    a = await signup(client, organization_name="Agence Victime")
    org, headers = a["org_id"], a["headers"]
    workspace = await create_workspace(client, headers, org, name="Café Soleil")
    second = await create_workspace(client, headers, org, name="Boulangerie")
    member = await invite_and_accept(client, headers, org, org_role="member")
    customer = await invite_and_accept(client, headers, org, workspace_id=workspace["id"],
                                       workspace_role="client_viewer")
    pending = await invite(client, headers, org,
                           f"pending-{uuid.uuid4().hex[:6]}@agency.example.com", org_role="admin")
    key = await _api_key(client, headers, org, ["workspaces:read"])
    world.victim_headers = headers
    world.victim = {
        "org_id": org,
        "workspace_id": workspace["id"],
        "second_workspace_id": second["id"],
        "org_membership_id": await _member_id(
            client, f"/api/v1/organizations/{org}/members", headers, member["email"]),
        "workspace_membership_id": await _member_id(
            client, f"/api/v1/workspaces/{workspace['id']}/members", headers, customer["email"]),
        "invitation_id": pending["id"],
        "api_key_id": key["id"],
        **await _listening(client, owner_db, headers, org, workspace["id"]),
    }
    world.victim_member_user_id = str(await owner_db.fetchval(
        "SELECT id FROM users WHERE lower(email) = lower($1)", member["email"]))
    world.victim_user_ids = [r["user_id"] for r in await owner_db.fetch(
        "SELECT user_id FROM organization_memberships WHERE organization_id = $1 UNION "
        "SELECT user_id FROM workspace_memberships WHERE organization_id = $1", uuid.UUID(org))]
    assert len(world.victim_user_ids) == 3


async def _attacker(client: AsyncClient, world: World) -> None:
    b = await signup(client, organization_name="Agence Pirate")
    workspace = await create_workspace(client, b["headers"], b["org_id"])
    key = await _api_key(client, b["headers"], b["org_id"], list(ALL_SCOPES))
    world.attacker = {"user": b["headers"], "api_key": bearer(key["key"])}
    world.attacker_ids = {"org_id": b["org_id"], "workspace_id": workspace["id"]}
    world.attacker_email = b["email"]
    # Both credentials work at home, so a 404 at A's is the tenant filter, not a broken login.
    for headers in world.attacker.values():
        await _ok(await client.get(f"/api/v1/organizations/{b['org_id']}", headers=headers))
        await _ok(await client.get(f"/api/v1/workspaces/{workspace['id']}", headers=headers))


async def build_world(client: AsyncClient, owner_db: asyncpg.Connection) -> World:
    world = World()
    await _victim(client, owner_db, world)
    await _attacker(client, world)
    return world


def _victim_rows(table_name: str, columns: list[str], world: World) -> tuple[str, list[Any]]:
    """The WHERE clause selecting A's rows of a table; tables of no tenant are taken whole."""
    org = uuid.UUID(world.victim["org_id"])
    if table_name == "organizations":
        return "t.id = $1", [org]
    if "organization_id" in columns:
        return "t.organization_id = $1", [org]
    if table_name == "users":
        return "t.id = ANY($1::uuid[])", [world.victim_user_ids]
    if "user_id" in columns:
        return "t.user_id = ANY($1::uuid[])", [world.victim_user_ids]
    return "true", []


async def snapshot(db: asyncpg.Connection, world: World) -> dict[str, tuple[int, str]]:
    """Per table: how many of A's rows, and an md5 of their text form."""
    result = {}
    for table in metadata.sorted_tables:
        where, args = _victim_rows(table.name, list(table.c.keys()), world)
        row = await db.fetchrow(
            f'SELECT count(*) AS n, md5(coalesce(string_agg(t::text, \',\' ORDER BY t::text),'
            f" '')) AS digest FROM \"{table.name}\" t WHERE {where}", *args)
        result[table.name] = (row["n"], row["digest"])
    return result


async def victim_snapshot(db: asyncpg.Connection, world: World) -> dict[str, tuple[int, str]]:
    before = await snapshot(db, world)
    for table in VICTIM_TABLES:
        assert before[table][0] > 0, f"the victim has no {table} row: the snapshot is vacuous"
    return before


async def flush_redis() -> None:
    client = aioredis.from_url(get_settings().redis_url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


async def reset_database() -> None:
    """What tests/conftest.py does after each test, for a world shared by a whole module."""
    try:
        conn = await asyncpg.connect(owner_dsn())
    except asyncpg.InvalidCatalogNameError:
        return  # end of the run: tests/conftest.py already dropped the database
    try:
        await conn.execute("TRUNCATE " + ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
                           + " CASCADE")
    finally:
        await conn.close()
    await flush_redis()
