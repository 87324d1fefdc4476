"""Idempotency-Key on writes: a retried request gets the first answer, never a second effect."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from httpx import AsyncClient

from app.idempotency import service, tasks
from tests.factories import bearer, signup


def workspaces_url(org_id: str) -> str:
    return f"/api/v1/organizations/{org_id}/workspaces"


def with_key(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


def as_json(body: dict[str, Any]) -> bytes:
    """The exact bytes sent, so a test can fingerprint a request like the server does."""
    return json.dumps(body).encode()


def json_headers(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**with_key(headers, key), "Content-Type": "application/json"}


async def count_workspaces(db: asyncpg.Connection, org_id: str) -> int:
    return await db.fetchval("SELECT count(*) FROM workspaces WHERE organization_id = $1",
                             uuid.UUID(org_id))


async def insert_record(db: asyncpg.Connection, principal: str, key: str, path: str,
                        body: dict[str, Any], *, age: timedelta, status: int | None = None
                        ) -> None:
    """A record as a first attempt leaves it: running (status None) or completed."""
    request_hash = service.fingerprint("POST", path, b"", as_json(body))
    await db.execute(
        "INSERT INTO idempotency_records (id, principal, key, method, path, request_hash, "
        "status_code, response_body, response_headers, created_at) "
        "VALUES ($1, $2, $3, 'POST', $4, $5, $6, NULL, NULL, $7)",
        uuid.uuid4(), principal, key, path, request_hash, status, datetime.now(UTC) - age)


async def test_same_request_is_replayed_once_done(client: AsyncClient,
                                                  owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url, body = workspaces_url(owner["org_id"]), {"name": "Café Soleil"}
    first = await client.post(url, json=body, headers=with_key(owner["headers"], "create-1"))
    again = await client.post(url, json=body, headers=with_key(owner["headers"], "create-1"))

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await count_workspaces(owner_db, owner["org_id"]) == 1
    # A new key is a new request.
    other = await client.post(url, json={"name": "Boulangerie"},
                              headers=with_key(owner["headers"], "create-2"))
    assert other.status_code == 201
    assert await count_workspaces(owner_db, owner["org_id"]) == 2


async def test_client_errors_are_replayed_too(client: AsyncClient) -> None:
    owner = await signup(client)
    url, headers = workspaces_url(owner["org_id"]), with_key(owner["headers"], "bad-1")
    first = await client.post(url, json={"name": ""}, headers=headers)
    again = await client.post(url, json={"name": ""}, headers=headers)
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


async def test_same_key_other_request_is_refused(client: AsyncClient,
                                                 owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url, headers = workspaces_url(owner["org_id"]), with_key(owner["headers"], "create-1")
    assert (await client.post(url, json={"name": "Un"}, headers=headers)).status_code == 201

    reused = await client.post(url, json={"name": "Deux"}, headers=headers)
    assert reused.status_code == 422
    assert reused.headers["content-type"] == "application/problem+json"
    assert reused.json()["code"] == "idempotency_key_reused"
    assert await count_workspaces(owner_db, owner["org_id"]) == 1


async def test_request_still_running_answers_409(client: AsyncClient,
                                                 owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url, body = workspaces_url(owner["org_id"]), {"name": "Café Soleil"}
    principal = f"user:{owner['user']['id']}"
    await insert_record(owner_db, principal, "busy", url, body, age=timedelta(seconds=2))

    busy = await client.post(url, content=as_json(body),
                             headers=json_headers(owner["headers"], "busy"))
    assert busy.status_code == 409
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.json()["code"] == "idempotency_in_progress"
    assert busy.headers["Retry-After"] == "1"
    assert await count_workspaces(owner_db, owner["org_id"]) == 0


async def test_abandoned_and_expired_records_are_taken_over(client: AsyncClient,
                                                            owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url, body = workspaces_url(owner["org_id"]), {"name": "Café Soleil"}
    principal = f"user:{owner['user']['id']}"
    # A process died mid-request ten minutes ago; a day-old key was used for something else.
    await insert_record(owner_db, principal, "died", url, body, age=timedelta(minutes=10))
    await insert_record(owner_db, principal, "old", url, {"name": "Autre"},
                        age=timedelta(hours=25), status=201)

    for key in ("died", "old"):
        answer = await client.post(url, content=as_json(body),
                                   headers=json_headers(owner["headers"], key))
        assert answer.status_code == 201, answer.text
        assert "Idempotent-Replayed" not in answer.headers
    assert await count_workspaces(owner_db, owner["org_id"]) == 2


async def test_keys_belong_to_their_caller(client: AsyncClient,
                                           owner_db: asyncpg.Connection) -> None:
    alice, bob = await signup(client), await signup(client)
    for person in (alice, bob):
        answer = await client.post(workspaces_url(person["org_id"]), json={"name": "Même"},
                                   headers=with_key(person["headers"], "shared-key"))
        assert answer.status_code == 201
        assert "Idempotent-Replayed" not in answer.headers
    principals = {r["principal"] for r in await owner_db.fetch(
        "SELECT principal FROM idempotency_records")}
    assert principals == {f"user:{alice['user']['id']}", f"user:{bob['user']['id']}"}


async def test_api_key_callers_and_secrets_at_rest(client: AsyncClient,
                                                   owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url = f"/api/v1/organizations/{owner['org_id']}/api-keys"
    body = {"name": "CI", "scopes": ["workspaces:create", "organization:read"]}
    headers = with_key(owner["headers"], "mint-1")
    created = await client.post(url, json=body, headers=headers)
    replayed = await client.post(url, json=body, headers=headers)
    key = created.json()["key"]
    # Lost the answer? The retry hands back the same key, and only one exists.
    assert replayed.json()["key"] == key
    assert await owner_db.fetchval("SELECT count(*) FROM api_keys") == 1
    stored = await owner_db.fetchval("SELECT response_body FROM idempotency_records")
    assert key.encode() not in stored

    key_headers = with_key(bearer(key), "ws-1")
    first = await client.post(workspaces_url(owner["org_id"]), json={"name": "Via API"},
                              headers=key_headers)
    again = await client.post(workspaces_url(owner["org_id"]), json={"name": "Via API"},
                              headers=key_headers)
    assert first.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert await owner_db.fetchval(
        "SELECT count(*) FROM idempotency_records WHERE principal LIKE 'key:%'") == 1


async def test_unauthenticated_or_invalid_key_is_not_handled(client: AsyncClient,
                                                             owner_db: asyncpg.Connection
                                                             ) -> None:
    owner = await signup(client)
    url = workspaces_url(owner["org_id"])
    anonymous = await client.post(url, json={"name": "X"}, headers={"Idempotency-Key": "a"})
    assert anonymous.status_code == 401
    forged = await client.post(url, json={"name": "X"},
                               headers=with_key(bearer("not-a-jwt"), "a"))
    assert forged.status_code == 401
    assert await owner_db.fetchval("SELECT count(*) FROM idempotency_records") == 0

    too_long = await client.post(url, json={"name": "X"},
                                 headers=with_key(owner["headers"], "k" * 256))
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "invalid_idempotency_key"


async def test_purge_forgets_expired_records(client: AsyncClient,
                                             owner_db: asyncpg.Connection) -> None:
    await insert_record(owner_db, "user:x", "old", "/p", {}, age=timedelta(hours=25), status=201)
    await insert_record(owner_db, "user:x", "new", "/p", {}, age=timedelta(hours=1), status=201)
    assert await tasks.purge({}) == 1
    assert [r["key"] for r in await owner_db.fetch("SELECT key FROM idempotency_records")] == \
        ["new"]


async def test_empty_answers_are_replayed(client: AsyncClient) -> None:
    owner = await signup(client)
    url = f"/api/v1/organizations/{owner['org_id']}/api-keys"
    created = await client.post(url, json={"name": "CI", "scopes": ["organization:read"]},
                                headers=owner["headers"])
    headers = with_key(owner["headers"], "revoke-1")
    first = await client.delete(f"{url}/{created.json()['id']}", headers=headers)
    again = await client.delete(f"{url}/{created.json()['id']}", headers=headers)
    assert first.status_code == again.status_code == 204
    assert again.content == b"" and again.headers["Idempotent-Replayed"] == "true"


async def test_concurrent_retries_create_one_object(client: AsyncClient,
                                                    owner_db: asyncpg.Connection) -> None:
    owner = await signup(client)
    url, headers = workspaces_url(owner["org_id"]), with_key(owner["headers"], "race")
    answers = await asyncio.gather(*(client.post(url, json={"name": "Course"}, headers=headers)
                                     for _ in range(5)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}
    assert sum("Idempotent-Replayed" not in a.headers and a.status_code == 201
               for a in answers) == 1
    assert await count_workspaces(owner_db, owner["org_id"]) == 1
