"""GET/PATCH /me: the caller with what they reach."""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import repository as repo
from app.auth.models import User
from app.auth.permissions import Permission
from app.auth.principal import Principal
from app.auth.schemas import UserUpdate
from app.core.db import DriverQuery, DriverTransaction, driver_connection
from app.core.errors import Unauthorized
from app.core.repository import ids_param
from app.tenancy.models import Organization, Workspace


async def _user(session: AsyncSession, principal: Principal) -> User:
    user = await repo.get_user(session, principal.user_id)
    if user is None:
        raise Unauthorized()
    return user


# The caller's organizations and reachable workspaces, in one round trip; RLS limits both.
_ME_QUERY = DriverQuery(sa.union_all(
    sa.select(sa.literal_column("'org'").label("kind"), Organization.id,
              sa.null().label("organization_id"), Organization.name, Organization.slug)
    .where(Organization.id == sa.any_(ids_param("org_ids"))),
    sa.select(sa.literal_column("'ws'"), Workspace.id, Workspace.organization_id,
              Workspace.name, Workspace.slug)
    .where(sa.or_(Workspace.organization_id == sa.any_(ids_param("admin_org_ids")),
                  Workspace.id == sa.any_(ids_param("workspace_ids")))),
).order_by(sa.text("kind"), sa.text("name")))


def _values(permissions: frozenset[Permission]) -> list[str]:
    # Plain strings, sorted: the same for every workspace of a role.
    return sorted(p.value for p in permissions)


async def build_me(session: AsyncSession | DriverTransaction,
                   principal: Principal) -> dict[str, Any]:
    """A hot path: no ORM, no models; the plain dicts of a `MeRead`, in its field order
    (tests/core/test_fast_json.py holds them equal to it)."""
    rows = await _ME_QUERY.fetch(
        await driver_connection(session), org_ids=list(principal.organization_ids),
        admin_org_ids=list(principal.admin_org_ids),
        workspace_ids=list(principal.workspace_ids)) if principal.organization_ids else []
    organizations, workspaces = [], []
    permissions: dict[str, list[str]] = {}  # by workspace role: computed once, not per row
    for row in rows:
        # Ids written as str: pydantic-core writes asyncpg's own UUID type slowly.
        if row["kind"] == "org":
            organizations.append({
                "id": str(row["id"]), "name": row["name"], "slug": row["slug"],
                "role": principal.org_roles.get(row["id"]),
                "permissions": _values(principal.org_permissions(row["id"]))})
            continue
        role = principal.workspace_role(row["organization_id"], row["id"])
        if role is None:
            continue
        if role not in permissions:
            permissions[role] = _values(principal.workspace_permissions(row["organization_id"],
                                                                        row["id"]))
        workspaces.append({"id": str(row["id"]),
                           "organization_id": str(row["organization_id"]),
                           "name": row["name"], "slug": row["slug"], "role": role,
                           "permissions": permissions[role]})
    user = {"id": str(principal.user_id), "email": principal.email,
            "full_name": principal.full_name, "locale": principal.locale,
            "email_verified_at": principal.email_verified_at, "created_at": principal.created_at}
    return {"user": user, "organizations": organizations, "workspaces": workspaces}


async def update_me(session: AsyncSession, principal: Principal, data: UserUpdate) -> User:
    user = await _user(session, principal)
    for key, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(user, key, value)
    user.updated_at = datetime.now(UTC)
    await session.flush()
    return user
