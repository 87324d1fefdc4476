"""Tenant isolation, generated from the OpenAPI document.

Two agencies: victim A, with one object of every kind whose id appears in a path, and
attacker B, holding an owner session and an API key with every scope in its own organization.
Every operation whose path carries an `..._id` parameter is called with A's real ids, once
as B's user and once as B's API key, with a body A's owner could validly send. Each call
must answer 404 `application/problem+json` (another tenant's object is never a 403 that
confirms it exists), and A's rows must be byte for byte the same afterwards.

A new endpoint with an id parameter this suite does not know fails
`test_every_id_parameter_is_mapped` and its own attack tests: add the parameter to ID_PARAMS,
the object to the victim in tests/isolation/world.py and, if its body needs real ids, an
entry to EXAMPLE_BODIES.
"""

import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import jsonschema_rs
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response

from app.auth.permissions import ALL_SCOPES
from app.main import create_app
from tests.conftest import owner_dsn
from tests.isolation.world import (
    World,
    build_world,
    flush_redis,
    reset_database,
    snapshot,
    victim_snapshot,
)

SPEC: dict[str, Any] = create_app().openapi()
HTTP_METHODS = ("get", "put", "post", "patch", "delete")
PROBLEM_JSON = "application/problem+json"
PRINCIPALS = ("user", "api_key")

# {path parameter: key of the victim's ids (tests/isolation/world.py)}. A parameter whose
# meaning depends on where it sits maps the path's first segment after /api/v1 to the key.
ID_PARAMS: dict[str, str | dict[str, str]] = {
    "organization_id": "org_id",
    "workspace_id": "workspace_id",
    "invitation_id": "invitation_id",
    "api_key_id": "api_key_id",
    "membership_id": {"organizations": "org_membership_id",
                      "workspaces": "workspace_membership_id"},
    "watch_id": "watch_id",
    "mention_id": "mention_id",
    "rule_id": "alert_rule_id",
    "alert_id": "alert_id",
}


# Bodies A's owner could send with success, keyed by request schema name; they carry A's ids
# where a real attacker would put them.
EXAMPLE_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "OrganizationUpdate": lambda w: {"name": "Taken over"},
    "OrgMemberUpdate": lambda w: {"role": "admin"},
    "WorkspaceCreate": lambda w: {"name": "Planted", "brand_name": "Planted",
                                  "keywords": ["planted"]},
    "WorkspaceUpdate": lambda w: {"name": "Taken over", "keywords": ["pwned"]},
    "WorkspaceMemberCreate": lambda w: {"user_id": w.victim_member_user_id, "role": "member"},
    "WorkspaceMemberUpdate": lambda w: {"role": "client_approver"},
    "InvitationCreate": lambda w: {"email": w.attacker_email, "org_role": "admin",
                                   "workspace_id": w.victim["second_workspace_id"],
                                   "workspace_role": "member"},
    "ApiKeyCreate": lambda w: {"name": "exfiltration", "scopes": list(ALL_SCOPES),
                               "workspace_ids": [w.victim["workspace_id"]]},
    "MentionUpdate": lambda w: {"status": "ignored", "tags": ["pwned"]},
    "MentionBulkUpdate": lambda w: {"mention_ids": [w.victim["mention_id"]],
                                    "set_status": "irrelevant", "add_tags": ["pwned"]},
    "NoteCreate": lambda w: {"body": "Planted note"},
    "SentimentCorrectionCreate": lambda w: {"label": "positive"},
    "AlertRuleCreate": lambda w: {"name": "Planted", "kind": "keyword",
                                  "watch_id": w.victim["watch_id"],
                                  "params": {"keywords": ["planted"]}},
    "AlertRuleUpdate": lambda w: {"name": "Muted", "enabled": False},
}


# --- the operations, from the OpenAPI document ---------------------------------------------

@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def body_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        return content.get("application/json", {}).get("schema")

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _operations() -> list[Operation]:
    return [Operation(method, path, op)
            for path, item in SPEC["paths"].items()
            for method, op in item.items() if method in HTTP_METHODS]


ID_OPERATIONS = [op for op in _operations() if any(p.endswith("_id") for p in op.path_params)]


def _lookup(op: Operation, param: str) -> str | None:
    entry = ID_PARAMS.get(param)
    if isinstance(entry, dict):
        return entry.get(op.path.removeprefix("/api/v1/").split("/")[0])
    return entry


def _fixture_key(op: Operation, param: str) -> str:
    entry = _lookup(op, param)
    if entry is None:
        pytest.fail(f"{op}: path parameter {param!r} is not in ID_PARAMS of "
                    f"tests/isolation/test_tenant_isolation.py; map it to an object of the "
                    f"victim so the endpoint is covered by the tenant-isolation suite")
    return entry


def _fill(op: Operation, path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = _fixture_key(op, match.group(1))
        if key not in ids:
            pytest.fail(f"{op}: no object {key!r} among {sorted(ids)}; create one for the "
                        f"victim in tests/isolation/world.py")
        return ids[key]

    return re.sub(r"{(\w+)}", value, path)


# --- bodies --------------------------------------------------------------------------------

def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _from_schema(schema: dict[str, Any]) -> Any:
    """A minimal valid value: the required fields of an object, the first enum value..."""
    schema = _resolve(schema)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s).get("type") != "null"]
            return _from_schema(options[0])
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: _from_schema(props.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return [_from_schema(schema.get("items", {}))
                for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    formats = {"uuid": str(uuid.uuid4()), "email": "someone@example.com",
               "date-time": (datetime.now(UTC) + timedelta(days=1)).isoformat()}
    return formats.get(schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))


def _schema_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _body(op: Operation, world: World) -> dict[str, Any] | None:
    schema = op.body_schema
    if schema is None:
        return None
    example = EXAMPLE_BODIES.get(_schema_name(schema) or "") or \
        EXAMPLE_BODIES.get(op.spec["operationId"])
    return example(world) if example else _from_schema(schema)


def _required_query(op: Operation) -> dict[str, Any]:
    return {p["name"]: _from_schema(p.get("schema", {})) for p in op.spec.get("parameters", [])
            if p["in"] == "query" and p.get("required")}


@pytest.fixture(scope="module")
async def world(app: FastAPI) -> AsyncIterator[World]:
    """Built once for the module: every test snapshots A's rows before and after its own
    request, so tests stay independent as long as isolation holds (and fail when it does
    not). Rebuilding both agencies for each of the ~150 tests took minutes."""
    transport = ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        db = await asyncpg.connect(owner_dsn())
        try:
            yield await build_world(http, db)
        finally:
            await db.close()
    await reset_database()


@pytest.fixture(autouse=True)
async def _isolate() -> AsyncIterator[None]:
    """Replaces the per-test truncation of tests/conftest.py, which would delete the shared
    world; rate-limit counters still start afresh for each test."""
    await flush_redis()
    yield


# --- the suite -----------------------------------------------------------------------------

# Known app bugs: {(METHOD, path, principal, variant): exact reason}. They run as
# xfail(strict=True), so a fix makes the run fail until its entry is deleted. Empty: the bug this
# suite found first (API keys answered 403 before checking the organization, in
# app/api_keys/endpoints.py `_key_manager`) is fixed.
KNOWN_FINDINGS: dict[tuple[str, str, str, str], str] = {}
VICTIM_IDS, OWN_PARENTS = "", ", B's parents"


def _param(op: Operation, principal: str, variant: str) -> Any:
    reason = KNOWN_FINDINGS.get((op.method.upper(), op.path, principal, variant))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(op, principal, marks=marks,
                        id=f"{op.method.upper()} {op.path} as {principal}{variant}")


def test_the_suite_covers_a_healthy_number_of_operations() -> None:
    assert len(ID_OPERATIONS) > 10, [str(op) for op in ID_OPERATIONS]
    assert len([op for op in ID_OPERATIONS if len(op.path_params) > 1]) >= 5


def test_every_id_parameter_is_mapped() -> None:
    unknown = sorted({f"{op}: {param}" for op in ID_OPERATIONS for param in op.path_params
                      if _lookup(op, param) is None})
    assert not unknown, (f"path parameters without a victim object in ID_PARAMS of "
                         f"tests/isolation/test_tenant_isolation.py: {unknown}")


def test_example_bodies_match_their_request_schemas() -> None:
    """A body the API rejects as invalid would test validation, not the tenant filter."""
    keys = {"second_workspace_id"} | {k for v in ID_PARAMS.values()
                                       for k in (v.values() if isinstance(v, dict) else [v])}
    world = World(victim={k: str(uuid.uuid4()) for k in keys},
                  victim_member_user_id=str(uuid.uuid4()), attacker_email="spy@pirate.example.com")
    for op in ID_OPERATIONS:
        schema = op.body_schema
        if schema is None:
            continue
        validator = jsonschema_rs.validator_for({**schema, "components": SPEC["components"]})
        body = _body(op, world)
        errors = [e.message for e in validator.iter_errors(body)]
        assert not errors, f"{op}: example body {body} does not match its schema: {errors}"


async def _attack(client: AsyncClient, world: World, op: Operation, principal: str,
                  url: str) -> Response:
    return await client.request(op.method.upper(), url, json=_body(op, world),
                                params=_required_query(op), headers=world.attacker[principal])


@pytest.mark.parametrize(("op", "principal"),
                         [_param(op, p, VICTIM_IDS) for op in ID_OPERATIONS for p in PRINCIPALS])
async def test_another_tenant_gets_404_and_changes_nothing(
        client: AsyncClient, owner_db: asyncpg.Connection, world: World, op: Operation,
        principal: str) -> None:
    before = await victim_snapshot(owner_db, world)

    response = await _attack(client, world, op, principal, _fill(op, op.path, world.victim))

    assert response.status_code == 404, (
        f"{op} as B's {principal} on A's objects answered {response.status_code}, "
        f"expected 404: {response.text}")
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON, response.headers
    assert response.json()["status"] == 404
    changed = sorted(t for t, v in (await snapshot(owner_db, world)).items() if before[t] != v)
    assert not changed, f"{op} as B's {principal} changed A's rows in {changed}"


def _comparable(response: Response) -> tuple[int, Any]:
    body = response.json() if response.content else None
    if isinstance(body, dict):
        body.pop("instance", None)
    return response.status_code, body


@pytest.mark.parametrize(("op", "principal"), [
    _param(op, p, OWN_PARENTS) for op in ID_OPERATIONS if len(op.path_params) > 1
    for p in PRINCIPALS])
async def test_own_parent_with_another_tenants_object_is_no_oracle(
        client: AsyncClient, owner_db: asyncpg.Connection, world: World, op: Operation,
        principal: str) -> None:
    """B's organization or workspace in the path, A's object at its end: B must get exactly
    the answer it gets for an id that exists nowhere, and A's rows stay as they were."""
    last = op.path_params[-1]
    parents = {**world.attacker_ids, _fixture_key(op, last): world.victim[_fixture_key(op, last)]}
    nowhere = {**parents, _fixture_key(op, last): str(uuid.uuid4())}
    before = await victim_snapshot(owner_db, world)

    response = await _attack(client, world, op, principal, _fill(op, op.path, parents))
    control = await _attack(client, world, op, principal, _fill(op, op.path, nowhere))

    assert 400 <= response.status_code < 500, f"{op}: {response.status_code} {response.text}"
    assert _comparable(response) == _comparable(control), (
        f"{op} as B's {principal}: A's {last} answers differently from an unknown id")
    changed = sorted(t for t, v in (await snapshot(owner_db, world)).items() if before[t] != v)
    assert not changed, f"{op} as B's {principal} changed A's rows in {changed}"


async def test_the_snapshot_sees_a_change(client: AsyncClient, owner_db: asyncpg.Connection,
                                          world: World) -> None:
    before = await snapshot(owner_db, world)
    response = await client.patch(f"/api/v1/workspaces/{world.victim['workspace_id']}",
                                  json={"brand_name": "Renamed"}, headers=world.victim_headers)
    assert response.status_code == 200, response.text
    after = await snapshot(owner_db, world)
    assert sorted(t for t in before if before[t] != after[t]) == ["workspaces"]


def _control_url(op: Operation, world: World) -> tuple[str, str | None]:
    """A GET that shows the object `op` targets: the path itself, or the closest parent path
    with a GET (when the segment dropped is an id, that id must be listed there)."""
    path, listed = op.path, None
    while "get" not in SPEC["paths"].get(path, {}):
        path, _, last = path.rpartition("/")
        assert path, f"{op}: no GET to check it against"
        listed = last if last.startswith("{") else None
    return _fill(op, path, world.victim), _fill(op, listed, world.victim) if listed else None


async def test_the_victims_owner_reaches_every_attacked_object(client: AsyncClient,
                                                               world: World) -> None:
    """The 404s above mean "not yours", not "no such URL"."""
    failures = []
    for op in ID_OPERATIONS:
        url, listed_id = _control_url(op, world)
        response = await client.get(url, headers=world.victim_headers)
        if response.status_code != 200:
            failures.append(f"{op}: GET {url} -> {response.status_code}")
        elif listed_id and listed_id not in {i["id"] for i in response.json().get("items", [])}:
            failures.append(f"{op}: {listed_id} not listed by GET {url}")
    assert not failures, failures
