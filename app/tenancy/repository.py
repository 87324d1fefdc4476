"""Tenancy queries. Each repository applies the caller's tenant filter (see TenantRepository)."""

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.auth.permissions import MANAGER
from app.core.errors import NotFound
from app.core.pagination import PageParams, make_page, paginate
from app.core.repository import TenantRepository, ids_param
from app.tenancy.models import (
    Invitation,
    Organization,
    OrganizationMembership,
    OrgRole,
    Workspace,
    WorkspaceMembership,
)

_NONE = [uuid.UUID(int=0)]


class OrganizationRepository(TenantRepository[Organization]):
    model = Organization
    not_found = "Organization not found"

    def tenant_filter(self) -> sa.ColumnElement[bool]:
        return Organization.id.in_(list(self.principal.org_roles) or _NONE)


class WorkspaceRepository(TenantRepository[Workspace]):
    model = Workspace
    not_found = "Workspace not found"

    def tenant_filter(self) -> sa.ColumnElement[bool]:
        p = self.principal
        reachable = sa.or_(Workspace.organization_id.in_(list(p.admin_org_ids) or _NONE),
                           Workspace.id.in_(list(p.workspace_ids) or _NONE))
        if p.key_workspace_ids is not None:
            reachable = sa.and_(reachable, Workspace.id.in_(list(p.key_workspace_ids) or _NONE))
        return reachable

    @classmethod
    def driver_tenant_filter(cls) -> sa.ColumnElement[bool]:
        key_ids = ids_param("key_workspace_ids")
        return sa.and_(
            sa.or_(Workspace.organization_id == sa.any_(ids_param("admin_org_ids")),
                   Workspace.id == sa.any_(ids_param("workspace_ids"))),
            sa.or_(key_ids.is_(None), Workspace.id == sa.any_(key_ids)),
        )

    async def slug_taken(self, organization_id: uuid.UUID, slug: str,
                         exclude: uuid.UUID | None = None) -> bool:
        # Not tenant-filtered on purpose: slugs are unique in the organization, seen or not.
        stmt = sa.select(sa.exists().where(Workspace.organization_id == organization_id,
                                           Workspace.slug == slug,
                                           Workspace.id != (exclude or _NONE[0])))
        return bool(await self.session.scalar(stmt))


class OrgMembershipRepository(TenantRepository[OrganizationMembership]):
    model = OrganizationMembership
    level = "organization"
    not_found = "Member not found"

    async def page_with_users(self, organization_id: uuid.UUID, params: PageParams
                              ) -> tuple[list[tuple[OrganizationMembership, User]], str | None]:
        stmt = (sa.select(OrganizationMembership, User)
                .join(User, User.id == OrganizationMembership.user_id)
                .where(self.tenant_filter(),
                       OrganizationMembership.organization_id == organization_id))
        rows = (await self.session.execute(paginate(stmt, OrganizationMembership, params))).all()
        return make_page([tuple(r) for r in rows], params)

    async def for_user(self, organization_id: uuid.UUID, user_id: uuid.UUID
                       ) -> OrganizationMembership | None:
        return await self.session.scalar(self.select().where(
            OrganizationMembership.organization_id == organization_id,
            OrganizationMembership.user_id == user_id))

    async def count_owners(self, organization_id: uuid.UUID) -> int:
        return int(await self.session.scalar(
            sa.select(sa.func.count()).select_from(OrganizationMembership).where(
                self.tenant_filter(), OrganizationMembership.organization_id == organization_id,
                OrganizationMembership.role == OrgRole.owner)) or 0)

    async def in_org(self, organization_id: uuid.UUID, membership_id: uuid.UUID
                     ) -> OrganizationMembership:
        return await self.get(membership_id,
                              OrganizationMembership.organization_id == organization_id)


class WorkspaceMembershipRepository(TenantRepository[WorkspaceMembership]):
    model = WorkspaceMembership
    not_found = "Member not found"

    async def page_with_users(self, workspace_id: uuid.UUID, params: PageParams
                              ) -> tuple[list[tuple[WorkspaceMembership, User]], str | None]:
        stmt = (sa.select(WorkspaceMembership, User)
                .join(User, User.id == WorkspaceMembership.user_id)
                .where(self.tenant_filter(), WorkspaceMembership.workspace_id == workspace_id))
        rows = (await self.session.execute(paginate(stmt, WorkspaceMembership, params))).all()
        return make_page([tuple(r) for r in rows], params)

    async def people(self, workspace_id: uuid.UUID, organization_id: uuid.UUID
                     ) -> list[tuple[User, str]]:
        """The workspace's members and the organization's owners and admins (who reach every
        workspace without a membership), each once, with the role they act with here."""
        org_filter = OrgMembershipRepository(self.session, self.principal).tenant_filter()
        managers = (sa.select(User, sa.literal(MANAGER))
                    .join(OrganizationMembership, OrganizationMembership.user_id == User.id)
                    .where(org_filter, OrganizationMembership.organization_id == organization_id,
                           OrganizationMembership.role.in_([OrgRole.owner, OrgRole.admin])))
        members = (sa.select(User, WorkspaceMembership.role)
                   .join(WorkspaceMembership, WorkspaceMembership.user_id == User.id)
                   .where(self.tenant_filter(), WorkspaceMembership.workspace_id == workspace_id))
        people: dict[uuid.UUID, tuple[User, str]] = {}
        for statement in (managers, members):
            for user, role in (await self.session.execute(statement)).all():
                people.setdefault(user.id, (user, str(role)))
        return sorted(people.values(), key=lambda p: (p[0].full_name.casefold(), p[0].email))

    async def for_user(self, workspace_id: uuid.UUID, user_id: uuid.UUID
                       ) -> WorkspaceMembership | None:
        return await self.session.scalar(self.select().where(
            WorkspaceMembership.workspace_id == workspace_id,
            WorkspaceMembership.user_id == user_id))

    async def in_workspace(self, workspace_id: uuid.UUID, membership_id: uuid.UUID
                           ) -> WorkspaceMembership:
        return await self.get(membership_id, WorkspaceMembership.workspace_id == workspace_id)

    async def exists_in_org(self, organization_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return bool(await self.session.scalar(sa.select(sa.exists().where(
            self.tenant_filter(), WorkspaceMembership.organization_id == organization_id,
            WorkspaceMembership.user_id == user_id))))

    async def delete_for_user_in_org(self, organization_id: uuid.UUID, user_id: uuid.UUID) -> None:
        await self.session.execute(sa.delete(WorkspaceMembership).where(
            self.tenant_filter(), WorkspaceMembership.organization_id == organization_id,
            WorkspaceMembership.user_id == user_id))


class InvitationRepository(TenantRepository[Invitation]):
    model = Invitation
    level = "organization"
    not_found = "Invitation not found"

    async def in_org(self, organization_id: uuid.UUID, invitation_id: uuid.UUID) -> Invitation:
        return await self.get(invitation_id, Invitation.organization_id == organization_id)


async def get_invitation_by_id(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation:
    """For a token holder: the caller's scope was widened to the token's organization."""
    row = await session.get(Invitation, invitation_id)
    if row is None:
        raise NotFound("Invitation not found")
    return row
