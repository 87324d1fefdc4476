"""Queries of the auth domain. Principal loading is a hot path: one round trip, Core SQL."""

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import RefreshToken, User
from app.auth.principal import Principal
from app.tenancy.models import OrgRole, WorkspaceRole

_PRINCIPAL_SQL = sa.text(
    """
    SELECT u.email, u.locale, u.is_active, a.kind, a.organization_id, a.workspace_id, a.role
    FROM users u
    LEFT JOIN (
        SELECT 'org' AS kind, organization_id, NULL::uuid AS workspace_id, role, user_id
        FROM organization_memberships WHERE user_id = :user_id
        UNION ALL
        SELECT 'ws', organization_id, workspace_id, role, user_id
        FROM workspace_memberships WHERE user_id = :user_id
    ) a ON a.user_id = u.id
    WHERE u.id = :user_id
    """
)


async def load_principal(session: AsyncSession, user_id: uuid.UUID) -> Principal | None:
    """The user's memberships; RLS lets a user read their own once `app.user_id` is set."""
    rows = (await session.execute(_PRINCIPAL_SQL, {"user_id": user_id})).all()
    if not rows or not rows[0].is_active:
        return None
    principal = Principal(user_id=user_id, email=rows[0].email, locale=rows[0].locale)
    for row in rows:
        if row.kind == "org":
            principal.org_roles[row.organization_id] = OrgRole(row.role)
        elif row.kind == "ws":
            principal.workspace_roles[row.workspace_id] = (row.organization_id,
                                                           WorkspaceRole(row.role))
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
