"""API keys, as an agency admin and a third-party developer use them."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from httpx import AsyncClient

from tests.factories import bearer, create_workspace, invite_and_accept, signup


async def create_key(client: AsyncClient, headers: dict[str, str], org_id: str,
                     scopes: list[str], **fields: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/organizations/{org_id}/api-keys",
                                 json={"name": "Zapier", "scopes": scopes, **fields},
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def member_id(client: AsyncClient, headers: dict[str, str], org_id: str,
                    email: str) -> str:
    members = await client.get(f"/api/v1/organizations/{org_id}/members", headers=headers)
    return next(m["id"] for m in members.json()["items"] if m["email"] == email)


async def test_key_is_shown_once_and_authenticates(client: AsyncClient,
                                                   owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    created = await create_key(client, owner["headers"], org, ["organization:read"])
    key = created["key"]
    assert key.startswith(f"vk_{uuid.UUID(org).hex}_")
    assert created["prefix"] == key.split("_", 2)[2][:8]
    assert created["scopes"] == ["organization:read"]

    listed = await client.get(f"/api/v1/organizations/{org}/api-keys", headers=owner["headers"])
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    read = await client.get(f"/api/v1/organizations/{org}/api-keys/{created['id']}",
                            headers=owner["headers"])
    for body in (item, read.json()):
        assert "key" not in body and "key_hash" not in body
        assert body["id"] == created["id"]
    assert key not in listed.text + read.text

    me = await client.get(f"/api/v1/organizations/{org}", headers=bearer(key))
    assert me.status_code == 200
    stored = await owner_db.fetchval("SELECT key_hash FROM api_keys")
    assert key not in stored and len(stored) == 64
    assert await owner_db.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'api_key.created'") == 1


async def test_scopes_restrict_what_a_key_can_do(client: AsyncClient) -> None:
    owner = await signup(client)
    ws = await create_workspace(client, owner["headers"], owner["org_id"])
    key = (await create_key(client, owner["headers"], owner["org_id"], ["workspaces:read"]))["key"]

    assert (await client.get(f"/api/v1/workspaces/{ws['id']}",
                             headers=bearer(key))).status_code == 200
    patch = await client.patch(f"/api/v1/workspaces/{ws['id']}", json={"name": "Renamed"},
                               headers=bearer(key))
    assert patch.status_code == 403
    assert patch.headers["content-type"] == "application/problem+json"
    # An owner's key without organization scopes cannot create workspaces either.
    create = await client.post(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                               json={"name": "Nope"}, headers=bearer(key))
    assert create.status_code == 403


async def test_key_limited_to_a_workspace_cannot_see_others(client: AsyncClient) -> None:
    owner = await signup(client)
    ws_a = await create_workspace(client, owner["headers"], owner["org_id"])
    ws_b = await create_workspace(client, owner["headers"], owner["org_id"])
    key = (await create_key(client, owner["headers"], owner["org_id"],
                            ["workspaces:read", "workspaces:write", "organization:read"],
                            workspace_ids=[ws_a["id"]]))["key"]

    assert (await client.get(f"/api/v1/workspaces/{ws_a['id']}",
                             headers=bearer(key))).status_code == 200
    assert (await client.get(f"/api/v1/workspaces/{ws_b['id']}",
                             headers=bearer(key))).status_code == 404
    assert (await client.patch(f"/api/v1/workspaces/{ws_b['id']}", json={"name": "X"},
                               headers=bearer(key))).status_code == 404
    listed = await client.get(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                              headers=bearer(key))
    assert [w["id"] for w in listed.json()["items"]] == [ws_a["id"]]


async def test_revoked_or_expired_key_is_refused(client: AsyncClient,
                                                 owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    revoked = await create_key(client, owner["headers"], org, ["organization:read"])
    expiring = await create_key(client, owner["headers"], org, ["organization:read"])
    url = f"/api/v1/organizations/{org}/api-keys/{revoked['id']}"

    assert (await client.delete(url, headers=owner["headers"])).status_code == 204
    assert (await client.delete(url, headers=owner["headers"])).status_code == 204
    assert (await client.get(url, headers=owner["headers"])).json()["revoked_at"] is not None
    await owner_db.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' "
                           "WHERE id = $1", uuid.UUID(expiring["id"]))

    answers = [await client.get(f"/api/v1/organizations/{org}", headers=bearer(k["key"]))
               for k in (revoked, expiring)]
    forged = await client.get(f"/api/v1/organizations/{org}",
                              headers=bearer(revoked["key"][:-4] + "AAAA"))
    malformed = await client.get(f"/api/v1/organizations/{org}", headers=bearer("vk_nope"))
    for answer in [*answers, forged, malformed]:
        assert answer.status_code == 401
        assert answer.json()["detail"] == "The API key is invalid, expired or revoked"
    assert await owner_db.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'api_key.revoked'") == 1


async def test_key_never_reaches_another_organization(client: AsyncClient) -> None:
    owner_x = await signup(client)
    owner_y = await signup(client)
    ws_y = await create_workspace(client, owner_y["headers"], owner_y["org_id"])
    # The creator of the key is also an admin of Y: the key is still bound to X.
    await invite_and_accept(client, owner_y["headers"], owner_y["org_id"],
                            email=owner_x["email"], org_role="admin")
    key = (await create_key(client, owner_x["headers"], owner_x["org_id"],
                            ["organization:read", "workspaces:read", "api_keys:manage"]))["key"]

    assert (await client.get(f"/api/v1/workspaces/{ws_y['id']}",
                             headers=bearer(key))).status_code == 404
    assert (await client.get(f"/api/v1/organizations/{owner_y['org_id']}",
                             headers=bearer(key))).status_code == 404
    # The creator's session itself does reach Y.
    assert (await client.get(f"/api/v1/workspaces/{ws_y['id']}",
                             headers=owner_x["headers"])).status_code == 200


async def test_key_follows_its_creator_rights(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    admin = await invite_and_accept(client, owner["headers"], org, org_role="admin")
    key = (await create_key(client, admin["headers"], org,
                            ["organization:read", "people:manage"]))["key"]
    invitations = f"/api/v1/organizations/{org}/invitations"
    assert (await client.get(invitations, headers=bearer(key))).status_code == 200

    membership = await member_id(client, owner["headers"], org, admin["email"])
    demote = await client.patch(f"/api/v1/organizations/{org}/members/{membership}",
                                json={"role": "member"}, headers=owner["headers"])
    assert demote.status_code == 200
    assert (await client.get(invitations, headers=bearer(key))).status_code == 403
    assert (await client.get(f"/api/v1/organizations/{org}",
                             headers=bearer(key))).status_code == 200

    removed = await client.delete(f"/api/v1/organizations/{org}/members/{membership}",
                                  headers=owner["headers"])
    assert removed.status_code == 204
    assert (await client.get(f"/api/v1/organizations/{org}",
                             headers=bearer(key))).status_code == 401


async def test_a_key_cannot_exceed_its_creator(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    other = await signup(client)
    other_ws = await create_workspace(client, other["headers"], other["org_id"])
    admin = await invite_and_accept(client, owner["headers"], org, org_role="admin")
    url = f"/api/v1/organizations/{org}/api-keys"

    too_much = await client.post(url, headers=admin["headers"], json={
        "name": "k", "scopes": ["organization:read", "billing:manage", "organization:delete"]})
    assert too_much.status_code == 422
    assert "billing:manage" in too_much.json()["detail"]
    assert too_much.json()["scopes"] == ["billing:manage", "organization:delete"]

    unknown = await client.post(url, headers=admin["headers"], json={
        "name": "k", "scopes": ["workspaces:read"], "workspace_ids": [other_ws["id"]]})
    assert unknown.status_code == 422
    assert "Unknown workspace" in unknown.json()["detail"]

    bogus = await client.post(url, headers=admin["headers"],
                              json={"name": "k", "scopes": ["root:everything"]})
    assert bogus.status_code == 422
    past = await client.post(url, headers=admin["headers"], json={
        "name": "k", "scopes": ["organization:read"],
        "expires_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()})
    assert past.status_code == 422


async def test_only_admins_with_a_session_manage_keys(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    member = await invite_and_accept(client, owner["headers"], org, org_role="member")
    key = (await create_key(client, owner["headers"], org, ["api_keys:manage"]))["key"]
    url = f"/api/v1/organizations/{org}/api-keys"
    body = {"name": "k", "scopes": ["organization:read"]}

    assert (await client.post(url, json=body, headers=member["headers"])).status_code == 403
    assert (await client.get(url, headers=member["headers"])).status_code == 403
    # A key may not mint keys, even with the api_keys:manage scope.
    assert (await client.post(url, json=body, headers=bearer(key))).status_code == 403
    stranger = await signup(client)
    assert (await client.get(url, headers=stranger["headers"])).status_code == 404
    random_key = f"{url}/{uuid.uuid4()}"
    assert (await client.get(random_key, headers=owner["headers"])).status_code == 404


async def test_list_is_paginated_and_last_use_recorded(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    keys = [await create_key(client, owner["headers"], org, ["organization:read"])
            for _ in range(3)]
    url = f"/api/v1/organizations/{org}/api-keys"
    first = (await client.get(url, params={"limit": 2}, headers=owner["headers"])).json()
    second = (await client.get(url, params={"limit": 2, "cursor": first["next_cursor"]},
                               headers=owner["headers"])).json()
    ids = [k["id"] for k in first["items"] + second["items"]]
    assert ids == [k["id"] for k in reversed(keys)] and second["next_cursor"] is None

    for _ in range(2):
        await client.get(f"/api/v1/organizations/{org}", headers=bearer(keys[0]["key"]))
    read = (await client.get(f"{url}/{keys[0]['id']}", headers=owner["headers"])).json()
    assert read["last_used_at"] is not None
    again = await client.get(f"/api/v1/organizations/{org}", headers=bearer(keys[0]["key"]))
    assert again.status_code == 200
    assert (await client.get(f"{url}/{keys[0]['id']}",
                             headers=owner["headers"])).json()["last_used_at"] == \
        read["last_used_at"]
