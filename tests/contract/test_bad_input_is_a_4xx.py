"""Inputs the schema accepts but PostgreSQL refuses must be a 4xx problem, never a 500.

Found by the schemathesis run (tests/contract/test_schemathesis.py) and pinned here as plain
requests, so they fail the same way whatever the fuzzer draws. Each was a 500 once (NUL in
text, instants PostgreSQL cannot hold, NUL in an idempotent path); the schemas now refuse
them, and app/core/errors.py turns what slips through into a 422.
"""

import base64
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from httpx import ASGITransport, AsyncClient

from tests.alerts.factories import insert_mentions
from tests.factories import PASSWORD, create_workspace, signup

NUL = "Caf\x00é"
PROBLEM_JSON = "application/problem+json"


@dataclass
class Tenant:
    headers: dict[str, str]
    org: str
    workspace: str
    mention: str


@pytest.fixture
async def raw_client(app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    """Like `client`, but a 500 comes back as a response instead of an exception."""
    transport = ASGITransport(app=app, client=("127.0.0.1", 50000), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def tenant(client: AsyncClient, owner_db: asyncpg.Connection) -> Tenant:
    owner = await signup(client)
    workspace = await create_workspace(client, owner["headers"], owner["org_id"])
    [mention] = await insert_mentions(owner_db, owner["org_id"], workspace["id"])
    return Tenant(owner["headers"], owner["org_id"], workspace["id"], str(mention))


def _cursor(created_at: str) -> str:
    raw = json.dumps([created_at, str(uuid.uuid4())]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _signup(**fields: str) -> dict[str, Any]:
    return {"email": f"new-{uuid.uuid4().hex[:8]}@agency.example.com", "password": PASSWORD,
            "full_name": "Nina", "organization_name": "Agence", **fields}


# (method, url, request kwargs), from the tenant's ids.
Request = Callable[[Tenant], tuple[str, str, dict[str, Any]]]

CASES: list[tuple[str, Request, str | None]] = [
    ("signup full_name", lambda t: ("POST", "/api/v1/auth/signup",
                                    {"json": _signup(full_name=NUL)}), None),
    ("signup organization_name", lambda t: ("POST", "/api/v1/auth/signup",
                                            {"json": _signup(organization_name=NUL)}),
     None),
    ("token username", lambda t: ("POST", "/api/v1/auth/token",
                                  {"data": {"username": NUL, "password": "x"}}), None),
    ("me full_name", lambda t: ("PATCH", "/api/v1/me", {"json": {"full_name": NUL}}),
     None),
    ("organization name", lambda t: ("PATCH", f"/api/v1/organizations/{t.org}",
                                     {"json": {"name": NUL}}), None),
    ("workspace name", lambda t: ("POST", f"/api/v1/organizations/{t.org}/workspaces",
                                  {"json": {"name": NUL}}), None),
    ("workspace brand_name", lambda t: ("POST", f"/api/v1/organizations/{t.org}/workspaces",
                                        {"json": {"name": "Ok", "brand_name": NUL}}),
     None),
    ("workspace keywords", lambda t: ("POST", f"/api/v1/organizations/{t.org}/workspaces",
                                      {"json": {"name": "Ok", "keywords": [NUL]}}),
     None),
    ("workspace update name", lambda t: ("PATCH", f"/api/v1/workspaces/{t.workspace}",
                                         {"json": {"name": NUL}}), None),
    ("workspace update competitors", lambda t: ("PATCH", f"/api/v1/workspaces/{t.workspace}",
                                                {"json": {"competitors": [NUL]}}), None),
    ("api key name", lambda t: ("POST", f"/api/v1/organizations/{t.org}/api-keys",
                                {"json": {"name": NUL, "scopes": ["workspaces:read"]}}),
     None),
    ("alert rule name", lambda t: ("POST", f"/api/v1/workspaces/{t.workspace}/alert-rules",
                                   {"json": {"name": NUL, "kind": "keyword",
                                             "params": {"keywords": ["boycott"]}}}),
     None),
    ("alert rule keyword", lambda t: ("POST", f"/api/v1/workspaces/{t.workspace}/alert-rules",
                                      {"json": {"name": "Ok", "kind": "keyword",
                                                "params": {"keywords": [NUL]}}}), None),
    ("watch name", lambda t: ("POST", f"/api/v1/workspaces/{t.workspace}/watches",
                              {"json": {"name": NUL, "query": "brandy",
                                        "sources": [{"source": "hackernews"}]}}), None),
    ("watch query", lambda t: ("POST", f"/api/v1/workspaces/{t.workspace}/watches",
                               {"json": {"name": "Ok", "query": NUL,
                                         "sources": [{"source": "hackernews"}]}}), None),
    ("mention tags", lambda t: ("PATCH", f"/api/v1/workspaces/{t.workspace}/mentions/{t.mention}",
                                {"json": {"tags": [NUL]}}), None),
    ("mention note", lambda t: (
        "POST", f"/api/v1/workspaces/{t.workspace}/mentions/{t.mention}/notes",
        {"json": {"body": NUL}}), None),
    ("mentions search", lambda t: ("GET", f"/api/v1/workspaces/{t.workspace}/mentions",
                                   {"params": {"q": NUL}}), None),
    ("api key expires_at", lambda t: (
        "POST", f"/api/v1/organizations/{t.org}/api-keys",
        {"json": {"name": "Late", "scopes": ["workspaces:read"],
                  "expires_at": "9999-12-31T23:59:59-12:00"}}), None),
    *[(f"{path} cursor {when}", (lambda p, w: lambda t: (
        "GET", p.format(org=t.org, ws=t.workspace), {"params": {"cursor": _cursor(w)}}))(
            path, when), None)
      for path in ("/api/v1/organizations/{org}/members",
                   "/api/v1/organizations/{org}/workspaces",
                   "/api/v1/organizations/{org}/invitations",
                   "/api/v1/organizations/{org}/api-keys",
                   "/api/v1/workspaces/{ws}/members")
      for when in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00")],
    ("NUL in path with Idempotency-Key", lambda t: (
        "POST", f"/api/v1/organizations/{t.org}/workspaces%00",
        {"json": {"name": "Ok"}, "headers": {"Idempotency-Key": "nul-path"}}),
     None),
]


def _params() -> list[Any]:
    return [pytest.param(request, id=name,
                         marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])
            for name, request, reason in CASES]


@pytest.mark.parametrize("request_of", _params())
async def test_bad_input_is_a_4xx_problem(raw_client: AsyncClient, tenant: Tenant,
                                          request_of: Request) -> None:
    method, url, kwargs = request_of(tenant)
    headers = {**tenant.headers, **kwargs.pop("headers", {})}
    response = await raw_client.request(method, url, headers=headers, **kwargs)
    assert 400 <= response.status_code < 500, f"{method} {url}: {response.status_code}"
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
