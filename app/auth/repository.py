"""Queries of the auth domain. Principal loading is a hot path: one round trip, no ORM."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import RefreshToken, User
from app.auth.principal import Principal
from app.core.db import DriverTransaction, driver_connection
from app.tenancy.models import OrgRole, WorkspaceRole

# Migration a0717a0e0004: resolves a user or an API key and sets the transaction's scope.
_AUTHENTICATE_SQL = "SELECT * FROM vigie_authenticate($1, $2, $3)"


async def authenticate(session: AsyncSession | DriverTransaction, *,
                       user_id: uuid.UUID | None = None,
                       key_organization_id: uuid.UUID | None = None,
                       key_hash: str | None = None) -> Principal | None:
    """The caller, with their tenant scope set in the transaction; None when refused.

    Reads through the driver connection: ORM objects added in this transaction must be
    flushed first.

    Either a user id (from a verified access token) or an API key's organization and hash.
    A key's principal is its creator's, already narrowed to the key's organization; its
    scopes and workspaces are the key's.
    """
    connection = await driver_connection(session)
    principal = principal_from_rows(
        await connection.fetch(_AUTHENTICATE_SQL, user_id, key_organization_id, key_hash))
    if principal is not None:
        # What widen_tenant_scope() starts from when the caller then adds a tenant.
        session.info["tenant_scope"] = principal.tenant_scope()
    return principal


def principal_from_rows(rows: Sequence[Mapping[str, Any]]) -> Principal | None:
    if not rows:
        return None
    first = rows[0]
    is_key = first["api_key_id"] is not None
    key_workspaces = first["key_workspace_ids"]
    principal = Principal(
        user_id=first["user_id"], email=first["email"], locale=first["locale"],
        full_name=first["full_name"], email_verified_at=first["email_verified_at"],
        created_at=first["created_at"], api_key_id=first["api_key_id"],
        scopes=frozenset(first["scopes"]) if is_key else None,
        key_workspace_ids=frozenset(key_workspaces) if key_workspaces is not None else None,
    )
    for row in rows:
        if row["kind"] == "org":
            principal.org_roles[row["organization_id"]] = OrgRole(row["role"])
        elif row["kind"] == "ws":
            principal.workspace_roles[row["workspace_id"]] = (row["organization_id"],
                                                              WorkspaceRole(row["role"]))
    return principal


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(
        sa.select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    )


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        sa.update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=sa.func.now())
    )
