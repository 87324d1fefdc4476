"""vigie_authenticate(): one round trip resolves the caller and sets the tenant scope.

The scope it leaves in the transaction must be exactly what `Principal.tenant_scope()`
computes in Python, for users and API keys alike, and nothing at all when it refuses.
"""

import uuid
from typing import Any

import asyncpg
from httpx import AsyncClient
from sqlalchemy import text

from app.api_keys.service import parse_key
from app.auth.principal import Principal
from app.auth.repository import authenticate
from app.core.db import TenantScope, get_database
from app.core.security import hash_opaque_token
from tests.api_keys.test_api_keys import create_key, member_id
from tests.factories import create_workspace, invite_and_accept, signup

_SCOPE_SQL = text(
    "SELECT current_setting('app.user_id', true) AS user_id,"
    " current_setting('app.org_ids', true) AS org_ids,"
    " current_setting('app.admin_org_ids', true) AS admin_org_ids,"
    " current_setting('app.workspace_ids', true) AS workspace_ids"
)


def _ids(setting: str | None) -> set[uuid.UUID]:
    return {uuid.UUID(i) for i in setting.split(",")} if setting else set()


async def _authenticate(**credential: Any) -> tuple[Principal | None, TenantScope]:
    """The principal, and the scope PostgreSQL holds right after the call."""
    async with get_database().sessionmaker() as session:
        principal = await authenticate(session, **credential)
        row = (await session.execute(_SCOPE_SQL)).one()
        await session.rollback()
    return principal, TenantScope(
        user_id=uuid.UUID(row.user_id) if row.user_id else None,
        organization_ids=_ids(row.org_ids), admin_organization_ids=_ids(row.admin_org_ids),
        workspace_ids=_ids(row.workspace_ids))


async def _as_key(key: str) -> tuple[Principal | None, TenantScope]:
    return await _authenticate(key_organization_id=parse_key(key),
                               key_hash=hash_opaque_token(key))


EMPTY = TenantScope()


async def _user_id(owner_db: asyncpg.Connection, who: dict[str, Any]) -> uuid.UUID:
    return await owner_db.fetchval("SELECT id FROM users WHERE lower(email) = lower($1)",
                                   who["email"])


async def test_user_scope_matches_python(client: AsyncClient,
                                         owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    ws_a = await create_workspace(client, owner["headers"], org)
    await create_workspace(client, owner["headers"], org)
    member = await invite_and_accept(client, owner["headers"], org, org_role="member",
                                     workspace_id=ws_a["id"], workspace_role="member")
    client_user = await invite_and_accept(client, owner["headers"], org,
                                          workspace_id=ws_a["id"],
                                          workspace_role="client_approver")

    for who in (owner, member, client_user):
        principal, scope = await _authenticate(user_id=await _user_id(owner_db, who))
        assert principal is not None and not principal.is_api_key
        assert scope == principal.tenant_scope()
        assert scope.organization_ids == {uuid.UUID(org)}
    principal, scope = await _authenticate(user_id=uuid.UUID(owner["user"]["id"]))
    assert principal and scope.admin_organization_ids == {uuid.UUID(org)}
    assert principal.full_name == "Olivia Owner" and principal.created_at is not None
    principal, scope = await _authenticate(user_id=await _user_id(owner_db, client_user))
    assert principal and scope.workspace_ids == {uuid.UUID(ws_a["id"])}
    assert not scope.admin_organization_ids


async def test_key_scope_matches_python(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    ws = await create_workspace(client, owner["headers"], org)
    await create_workspace(client, owner["headers"], org)
    # The owner also belongs to another organization: a key never reaches it.
    other = await signup(client)
    await invite_and_accept(client, other["headers"], other["org_id"], owner["email"],
                            org_role="admin")

    wide = await create_key(client, owner["headers"], org, ["organization:read"])
    principal, scope = await _as_key(wide["key"])
    assert principal is not None and principal.api_key_id == uuid.UUID(wide["id"])
    assert principal.scopes == frozenset({"organization:read"})
    assert scope == principal.tenant_scope()
    assert scope.organization_ids == scope.admin_organization_ids == {uuid.UUID(org)}

    narrow = await create_key(client, owner["headers"], org, ["workspaces:read"],
                              workspace_ids=[ws["id"]])
    principal, scope = await _as_key(narrow["key"])
    assert principal is not None and principal.key_workspace_ids == {uuid.UUID(ws["id"])}
    assert scope == principal.tenant_scope()
    assert scope.workspace_ids == {uuid.UUID(ws["id"])} and not scope.admin_organization_ids


async def test_refusals_leave_no_scope(client: AsyncClient,
                                       owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    revoked = await create_key(client, owner["headers"], org, ["organization:read"])
    await client.delete(f"/api/v1/organizations/{org}/api-keys/{revoked['id']}",
                        headers=owner["headers"])
    expired = await create_key(client, owner["headers"], org, ["organization:read"])
    await owner_db.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' "
                           "WHERE id = $1", uuid.UUID(expired["id"]))
    good = await create_key(client, owner["headers"], org, ["organization:read"])
    another_org = uuid.uuid4()

    for credential in (
        {"user_id": uuid.uuid4()},
        {"key_organization_id": uuid.UUID(org), "key_hash": hash_opaque_token(revoked["key"])},
        {"key_organization_id": uuid.UUID(org), "key_hash": hash_opaque_token(expired["key"])},
        {"key_organization_id": uuid.UUID(org), "key_hash": hash_opaque_token("vk_unknown")},
        # A real key presented under another organization's prefix.
        {"key_organization_id": another_org, "key_hash": hash_opaque_token(good["key"])},
    ):
        assert await _authenticate(**credential) == (None, EMPTY), credential

    # A deactivated user: neither their token nor their keys work any more.
    await owner_db.execute("UPDATE users SET is_active = false WHERE id = $1",
                           uuid.UUID(owner["user"]["id"]))
    assert await _authenticate(user_id=uuid.UUID(owner["user"]["id"])) == (None, EMPTY)
    assert await _as_key(good["key"]) == (None, EMPTY)


async def test_key_of_a_removed_member_reaches_nothing(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    admin = await invite_and_accept(client, owner["headers"], org, org_role="admin")
    key = (await create_key(client, admin["headers"], org, ["organization:read"]))["key"]
    membership = await member_id(client, owner["headers"], org, admin["email"])
    await client.delete(f"/api/v1/organizations/{org}/members/{membership}",
                        headers=owner["headers"])

    principal, scope = await _as_key(key)
    # The creator is still a user, but no longer in the key's organization: no tenant at all.
    assert principal is not None and uuid.UUID(org) not in principal.organization_ids
    assert not (scope.organization_ids or scope.admin_organization_ids or scope.workspace_ids)
    answer = await client.get(f"/api/v1/organizations/{org}",
                              headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 401


async def test_last_use_is_written_once_a_minute(client: AsyncClient,
                                                 owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    key = await create_key(client, owner["headers"], owner["org_id"], ["organization:read"])
    key_id = uuid.UUID(key["id"])
    assert await owner_db.fetchval("SELECT last_used_at FROM api_keys WHERE id = $1",
                                   key_id) is None
    async with get_database().sessionmaker() as session:
        assert await authenticate(session, key_organization_id=parse_key(key["key"]),
                                  key_hash=hash_opaque_token(key["key"]))
        await session.commit()
    first = await owner_db.fetchval("SELECT last_used_at FROM api_keys WHERE id = $1", key_id)
    assert first is not None
    await _as_key(key["key"])  # rolled back either way; and within the minute: no write
    await owner_db.execute("UPDATE api_keys SET last_used_at = last_used_at - interval "
                           "'2 minutes' WHERE id = $1", key_id)
    async with get_database().sessionmaker() as session:
        await authenticate(session, key_organization_id=parse_key(key["key"]),
                           key_hash=hash_opaque_token(key["key"]))
        await session.commit()
    assert await owner_db.fetchval("SELECT last_used_at FROM api_keys WHERE id = $1",
                                   key_id) > first
