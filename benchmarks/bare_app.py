"""The baseline of benchmarks/api_bench.py: bare Starlette + asyncpg running Vigie's SQL.

Per request it does the work Vigie does for `GET /api/v1/me` and for
`GET /api/v1/organizations/{org}/workspaces`, with nothing else around it:

- verifies the access token with python-jose, with the very calls of app/core/security.py
  (unverified header check, HS256 only, `aud`, `iss`, `exp`, required claims);
- runs every query as the role Vigie uses (`SET ROLE` when a pool connection is opened);
- opens one transaction per request and sends, in the same order, the statements Vigie
  sends (texts copied from what SQLAlchemy compiles for it): BEGIN, `vigie_authenticate`
  (which resolves the caller and sets the tenant scope), the endpoint's query, COMMIT;
- answers the same JSON (checked by api_bench.py before measuring).

No rate limiting, no request id, no ORM, no pydantic: this is the floor Vigie is compared to.
Configuration comes from the environment (api_bench.py passes it): DATABASE_URL, SECRET_KEY,
JWT_ISSUER, JWT_AUDIENCE, DATABASE_APP_ROLE, DATABASE_POOL_SIZE, BARE_PERMISSIONS_JSON.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
from jose import JWTError, jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "sub", "aud", "iss")
SECRET = os.environ["SECRET_KEY"]
ISSUER = os.environ.get("JWT_ISSUER", "vigie")
AUDIENCE = os.environ.get("JWT_AUDIENCE", "vigie-api")
ROLE = os.environ.get("DATABASE_APP_ROLE", "vigie_app")
POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "10"))
_PERMS = json.loads(os.environ["BARE_PERMISSIONS_JSON"])
ORG_PERMS: dict[str, list[str]] = _PERMS["org"]  # role -> sorted permissions
WS_PERMS: dict[str, list[str]] = _PERMS["workspace"]
MANAGER: str = _PERMS["manager"]
ORG_READ = "organization:read"
ADMIN_ROLES = ("owner", "admin")

# --- SQL, as Vigie sends it (asyncpg) -----------------------------------------------------

# app/auth/repository.py: resolves the caller and sets the transaction's tenant scope.
AUTHENTICATE_SQL = "SELECT * FROM vigie_authenticate($1, $2, $3)"
# app/auth/me.py _ME_QUERY, as compiled.
ME_SQL = (
    "SELECT 'org' AS kind, organizations.id, NULL AS organization_id, organizations.name, "
    "organizations.slug \nFROM organizations \nWHERE organizations.id = ANY ($1::UUID[]) "
    "UNION ALL SELECT 'ws', workspaces.id, workspaces.organization_id, workspaces.name, "
    "workspaces.slug \nFROM workspaces \nWHERE workspaces.organization_id = ANY ($2::UUID[]) "
    "OR workspaces.id = ANY ($3::UUID[]) ORDER BY kind, name"
)
# WorkspaceRepository.read_page_json's statement (first page), as compiled.
PAGE_WS_SQL = (
    "SELECT CAST(workspaces.id AS TEXT) AS id, CAST(workspaces.organization_id AS TEXT) AS "
    "organization_id, workspaces.name, workspaces.slug, "
    "workspaces.timezone, workspaces.locale, workspaces.brand_name, workspaces.keywords, "
    "workspaces.competitors, workspaces.created_at, workspaces.updated_at \nFROM workspaces "
    "\nWHERE (workspaces.organization_id = ANY ($1::UUID[]) OR workspaces.id = ANY "
    "($2::UUID[])) AND ($3::UUID[] IS NULL OR workspaces.id = ANY ($3::UUID[])) AND "
    "workspaces.organization_id = $4::UUID ORDER BY workspaces.created_at DESC, "
    "workspaces.id DESC \n LIMIT $5"
)


# --- helpers --------------------------------------------------------------------------------


class Unauthorized(Exception):
    pass


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status,
                         "detail": detail}, status_code=status,
                        media_type="application/problem+json")


def _user_id_from(request: Request) -> uuid.UUID:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send an access token")
    try:
        if jwt.get_unverified_header(token).get("alg") != ALGORITHM:
            raise Unauthorized("unexpected algorithm")
        claims = jwt.decode(token, SECRET, algorithms=[ALGORITHM], audience=AUDIENCE,
                            issuer=ISSUER,
                            options={"require_" + c: True for c in REQUIRED_CLAIMS}
                            | {"leeway": 0})
        if any(c not in claims for c in REQUIRED_CLAIMS):
            raise Unauthorized("missing claims")
        return uuid.UUID(claims["sub"])
    except (JWTError, ValueError, TypeError) as exc:
        raise Unauthorized("The access token is invalid or expired") from exc


def _dt(value: datetime | None) -> str | None:
    """pydantic's JSON form of an aware datetime (UTC as `Z`)."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class Principal:
    __slots__ = ("admin_orgs", "org_roles", "user", "user_id", "ws_roles")

    def __init__(self, rows: list[asyncpg.Record]) -> None:
        self.user = rows[0]
        self.user_id: uuid.UUID = rows[0]["user_id"]
        self.org_roles: dict[uuid.UUID, str] = {}
        self.ws_roles: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
        for row in rows:
            if row["kind"] == "org":
                self.org_roles[row["organization_id"]] = row["role"]
            elif row["kind"] == "ws":
                self.ws_roles[row["workspace_id"]] = (row["organization_id"], row["role"])
        self.admin_orgs = [o for o, r in self.org_roles.items() if r in ADMIN_ROLES]

    @property
    def org_ids(self) -> set[uuid.UUID]:
        return set(self.org_roles) | {org for org, _ in self.ws_roles.values()}

    def ws_role(self, org_id: uuid.UUID, ws_id: uuid.UUID) -> str | None:
        if org_id in self.admin_orgs:
            return MANAGER
        membership = self.ws_roles.get(ws_id)
        return membership[1] if membership and membership[0] == org_id else None


async def _authenticate(conn: asyncpg.Connection, user_id: uuid.UUID) -> Principal:
    """The one statement of app/auth/dependencies.py principal_from_token (which also leaves
    the tenant scope set in the transaction)."""
    rows = await conn.fetch(AUTHENTICATE_SQL, user_id, None, None)
    if not rows:
        raise Unauthorized("The access token is invalid or expired")
    return Principal(rows)


def _workspace_json(row: asyncpg.Record) -> dict[str, Any]:
    return {"id": str(row["id"]), "organization_id": str(row["organization_id"]),
            "name": row["name"], "slug": row["slug"], "timezone": row["timezone"],
            "locale": row["locale"], "brand_name": row["brand_name"],
            "keywords": row["keywords"], "competitors": row["competitors"],
            "created_at": _dt(row["created_at"]), "updated_at": _dt(row["updated_at"])}


# --- endpoints ------------------------------------------------------------------------------


async def me(request: Request) -> Response:
    try:
        user_id = _user_id_from(request)
        async with request.app.state.pool.acquire() as conn, conn.transaction():
            p = await _authenticate(conn, user_id)
            rows = await conn.fetch(ME_SQL, list(p.org_ids), p.admin_orgs,
                                    list(p.ws_roles)) if p.org_ids else []
    except Unauthorized as exc:
        return _problem(401, "Unauthorized", str(exc))
    orgs, me_workspaces = [], []
    for row in rows:
        if row["kind"] == "org":
            role = p.org_roles.get(row["id"])
            orgs.append({"id": str(row["id"]), "name": row["name"], "slug": row["slug"],
                         "role": role, "permissions": ORG_PERMS.get(role or "", [])})
            continue
        ws_role = p.ws_role(row["organization_id"], row["id"])
        if ws_role is not None:
            me_workspaces.append({"id": str(row["id"]),
                                  "organization_id": str(row["organization_id"]),
                                  "name": row["name"], "slug": row["slug"], "role": ws_role,
                                  "permissions": WS_PERMS[ws_role]})
    user = p.user
    return JSONResponse({
        "user": {"id": str(user["user_id"]), "email": user["email"],
                 "full_name": user["full_name"], "locale": user["locale"],
                 "email_verified_at": _dt(user["email_verified_at"]),
                 "created_at": _dt(user["created_at"])},
        "organizations": orgs,
        "workspaces": me_workspaces,
    })


def _cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def list_workspaces(request: Request) -> Response:
    try:
        org_id = uuid.UUID(request.path_params["org_id"])
        limit = int(request.query_params.get("limit", "50"))
    except ValueError:
        return _problem(422, "Invalid request", "bad organization id or limit")
    if not 1 <= limit <= 200:
        return _problem(422, "Invalid request", "limit must be 1..200")
    try:
        user_id = _user_id_from(request)
        async with request.app.state.pool.acquire() as conn, conn.transaction():
            p = await _authenticate(conn, user_id)
            role = p.org_roles.get(org_id)
            if role is None or ORG_READ not in ORG_PERMS[role]:
                return _problem(404, "Not found", "Organization not found")
            rows = await conn.fetch(PAGE_WS_SQL, p.admin_orgs, list(p.ws_roles), None, org_id,
                                    limit + 1)
    except Unauthorized as exc:
        return _problem(401, "Unauthorized", str(exc))
    cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        cursor = _cursor(rows[-1]["created_at"], rows[-1]["id"])
    return JSONResponse({"items": [_workspace_json(r) for r in rows], "next_cursor": cursor})


async def ping(_request: Request) -> Response:
    """No database: measures what the load generator and uvicorn alone can do."""
    return JSONResponse({"status": "ok"})


async def rls_probe(request: Request) -> Response:
    """For api_bench.py: the pool runs as the app role and RLS hides rows without a scope."""
    async with request.app.state.pool.acquire() as conn, conn.transaction():
        user = await conn.fetchval("SELECT current_user")
        visible = await conn.fetchval("SELECT count(*) FROM workspaces")
    return JSONResponse({"current_user": user, "workspaces_visible_without_scope": visible})


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.execute(f'SET ROLE "{ROLE}"')


async def _no_reset(_conn: asyncpg.Connection) -> None:
    """Nothing to reset: every request commits its transaction and `set_config(..., true)`
    ends with it. asyncpg's default reset would add a round trip per request that Vigie's
    SQLAlchemy pool does not make (its reset-on-return rollback is a no-op after a commit)."""


@asynccontextmanager
async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
    dsn = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    # Vigie's engine: pool_size=2N, max_overflow=0, so at most 2N connections.
    app.state.pool = await asyncpg.create_pool(
        dsn, min_size=POOL_SIZE, max_size=2 * POOL_SIZE, init=_init_connection,
        reset=_no_reset, server_settings={"application_name": "vigie-bare"})
    yield
    await app.state.pool.close()


app = Starlette(routes=[
    Route("/healthz", ping),
    Route("/ping", ping),
    Route("/rls-probe", rls_probe),
    Route("/api/v1/me", me),
    Route("/api/v1/organizations/{org_id}/workspaces", list_workspaces),
], lifespan=lifespan)
