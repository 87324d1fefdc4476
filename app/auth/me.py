"""GET/PATCH /me: the caller with what they reach."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import repository as repo
from app.auth.models import User
from app.auth.principal import Principal
from app.auth.schemas import MeOrganization, MeRead, MeWorkspace, UserRead, UserUpdate
from app.core.errors import Unauthorized
from app.tenancy.models import Organization, Workspace


async def _user(session: AsyncSession, principal: Principal) -> User:
    user = await repo.get_user(session, principal.user_id)
    if user is None:
        raise Unauthorized()
    return user


async def build_me(session: AsyncSession, principal: Principal) -> MeRead:
    user = await _user(session, principal)
    orgs = (await session.scalars(
        sa.select(Organization).where(Organization.id.in_(list(principal.organization_ids)))
        .order_by(Organization.name)
    )).all() if principal.organization_ids else []
    reachable = sa.or_(Workspace.organization_id.in_(list(principal.admin_org_ids)),
                       Workspace.id.in_(list(principal.workspace_ids)))
    workspaces = (await session.scalars(
        sa.select(Workspace).where(reachable).order_by(Workspace.name)
    )).all() if principal.organization_ids else []
    me_workspaces = []
    for ws in workspaces:
        role = principal.workspace_role(ws.organization_id, ws.id)
        if role is None:
            continue
        perms = principal.workspace_permissions(ws.organization_id, ws.id)
        me_workspaces.append(MeWorkspace(id=ws.id, organization_id=ws.organization_id,
                                         name=ws.name, slug=ws.slug, role=role,
                                         permissions=sorted(perms)))
    return MeRead(
        user=UserRead.model_validate(user),
        organizations=[
            MeOrganization(id=o.id, name=o.name, slug=o.slug, role=principal.org_roles.get(o.id),
                           permissions=sorted(principal.org_permissions(o.id)))
            for o in orgs
        ],
        workspaces=me_workspaces,
    )


async def update_me(session: AsyncSession, principal: Principal, data: UserUpdate) -> User:
    user = await _user(session, principal)
    for key, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(user, key, value)
    user.updated_at = datetime.now(UTC)
    await session.flush()
    return user
