"""Organizations, workspaces and memberships: the rules. Services flush, never commit."""

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth.permissions import Permission
from app.auth.principal import Principal
from app.auth.service import slugify
from app.core.db import widen_tenant_scope
from app.core.errors import Conflict, Forbidden, Invalid
from app.tenancy.models import (
    Organization,
    OrganizationMembership,
    OrgRole,
    Workspace,
    WorkspaceMembership,
    WorkspaceRole,
)
from app.tenancy.repository import (
    OrganizationRepository,
    OrgMembershipRepository,
    WorkspaceMembershipRepository,
    WorkspaceRepository,
)
from app.tenancy.schemas import OrganizationUpdate, WorkspaceCreate, WorkspaceUpdate


def _now() -> datetime:
    return datetime.now(UTC)


async def update_organization(session: AsyncSession, principal: Principal,
                              organization_id: uuid.UUID, data: OrganizationUpdate
                              ) -> Organization:
    org = await OrganizationRepository(session, principal).get(organization_id)
    for key, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(org, key, value)
    org.updated_at = _now()
    await session.flush()
    return org


async def delete_organization(session: AsyncSession, principal: Principal,
                              organization_id: uuid.UUID) -> None:
    org = await OrganizationRepository(session, principal).get(organization_id)
    await audit.record(session, "organization.deleted", actor=principal, target_type="organization",
                       target_id=org.id, details={"name": org.name})
    await session.delete(org)
    await session.flush()


async def create_workspace(session: AsyncSession, principal: Principal,
                           organization_id: uuid.UUID, data: WorkspaceCreate) -> Workspace:
    repo = WorkspaceRepository(session, principal)
    slug = data.slug or f"{slugify(data.name)}"
    if await repo.slug_taken(organization_id, slug):
        if data.slug:
            raise Conflict(f"A workspace with slug '{slug}' already exists", code="slug_taken")
        slug = f"{slug[:70]}-{secrets.token_hex(3)}"
    workspace = Workspace(organization_id=organization_id, slug=slug,
                          **data.model_dump(exclude={"slug"}))
    await widen_tenant_scope(session, workspace_id=workspace.id)
    repo.add(workspace)
    await session.flush()
    await audit.record(session, "workspace.created", organization_id=organization_id,
                       actor=principal, target_type="workspace", target_id=workspace.id)
    return workspace


async def update_workspace(session: AsyncSession, principal: Principal, workspace: Workspace,
                           data: WorkspaceUpdate) -> Workspace:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "slug" in changes and changes["slug"] != workspace.slug and await WorkspaceRepository(
            session, principal).slug_taken(workspace.organization_id, changes["slug"],
                                           exclude=workspace.id):
        raise Conflict(f"A workspace with slug '{changes['slug']}' already exists",
                       code="slug_taken")
    for key, value in changes.items():
        setattr(workspace, key, value)
    workspace.updated_at = _now()
    await session.flush()
    return workspace


async def delete_workspace(session: AsyncSession, principal: Principal,
                           workspace: Workspace) -> None:
    ensure_people_manager(principal, workspace.organization_id)
    await audit.record(session, "workspace.deleted", organization_id=workspace.organization_id,
                       actor=principal, target_type="workspace", target_id=workspace.id,
                       details={"name": workspace.name})
    await session.delete(workspace)
    await session.flush()


def ensure_people_manager(principal: Principal, organization_id: uuid.UUID) -> None:
    if Permission.people_manage not in principal.org_permissions(organization_id):
        raise Forbidden("Only organization owners and admins manage people")


async def change_org_role(session: AsyncSession, principal: Principal, organization_id: uuid.UUID,
                          membership_id: uuid.UUID, role: OrgRole) -> OrganizationMembership:
    repo = OrgMembershipRepository(session, principal)
    membership = await repo.in_org(organization_id, membership_id)
    is_owner = principal.org_roles.get(organization_id) == OrgRole.owner
    if OrgRole.owner in (role, membership.role) and not is_owner:
        raise Forbidden("Only an owner can grant or take away ownership")
    if membership.role == OrgRole.owner and role != OrgRole.owner \
            and await repo.count_owners(organization_id) <= 1:
        raise Conflict("An organization keeps at least one owner", code="last_owner")
    old = membership.role
    membership.role = role
    await audit.record(session, "member.role_changed", organization_id=organization_id,
                       actor=principal, target_type="user", target_id=membership.user_id,
                       details={"from": old, "to": role})
    await session.flush()
    return membership


async def remove_org_member(session: AsyncSession, principal: Principal,
                            organization_id: uuid.UUID, membership_id: uuid.UUID) -> None:
    repo = OrgMembershipRepository(session, principal)
    membership = await repo.in_org(organization_id, membership_id)
    if membership.role == OrgRole.owner:
        if principal.org_roles.get(organization_id) != OrgRole.owner:
            raise Forbidden("Only an owner can remove an owner")
        if await repo.count_owners(organization_id) <= 1:
            raise Conflict("An organization keeps at least one owner", code="last_owner")
    await WorkspaceMembershipRepository(session, principal).delete_for_user_in_org(
        organization_id, membership.user_id)
    await audit.record(session, "member.removed", organization_id=organization_id,
                       actor=principal, target_type="user", target_id=membership.user_id,
                       details={"role": membership.role})
    await repo.delete(membership)
    await session.flush()


async def add_workspace_member(session: AsyncSession, principal: Principal, workspace: Workspace,
                               user_id: uuid.UUID, role: WorkspaceRole) -> WorkspaceMembership:
    """Assign someone who already belongs to the organization; newcomers get invitations."""
    ensure_people_manager(principal, workspace.organization_id)
    org_member = await OrgMembershipRepository(session, principal).for_user(
        workspace.organization_id, user_id)
    if role == WorkspaceRole.member and org_member is None:
        raise Invalid("This user is not a member of the organization; invite them by email",
                      code="not_an_org_member")
    if role != WorkspaceRole.member and org_member is not None:
        raise Invalid("Agency staff cannot hold a client role", code="staff_not_client")
    repo = WorkspaceMembershipRepository(session, principal)
    if org_member is None and not await repo.exists_in_org(workspace.organization_id, user_id):
        raise Invalid("This user is not part of the organization; invite them by email",
                      code="not_an_org_member")
    if await repo.for_user(workspace.id, user_id):
        raise Conflict("This user is already a member of the workspace", code="already_member")
    membership = repo.add(WorkspaceMembership(organization_id=workspace.organization_id,
                                              workspace_id=workspace.id, user_id=user_id,
                                              role=role))
    await audit.record(session, "workspace_member.added", organization_id=workspace.organization_id,
                       actor=principal, target_type="user", target_id=user_id,
                       details={"workspace_id": str(workspace.id), "role": role})
    await session.flush()
    return membership


async def change_workspace_role(session: AsyncSession, principal: Principal, workspace: Workspace,
                                membership_id: uuid.UUID, role: WorkspaceRole
                                ) -> WorkspaceMembership:
    ensure_people_manager(principal, workspace.organization_id)
    membership = await WorkspaceMembershipRepository(session, principal).in_workspace(
        workspace.id, membership_id)
    is_staff = membership.role == WorkspaceRole.member
    if is_staff != (role == WorkspaceRole.member):
        raise Invalid("Agency staff and clients cannot swap roles; invite them instead",
                      code="staff_not_client")
    old = membership.role
    membership.role = role
    await audit.record(session, "workspace_member.role_changed",
                       organization_id=workspace.organization_id, actor=principal,
                       target_type="user", target_id=membership.user_id,
                       details={"workspace_id": str(workspace.id), "from": old, "to": role})
    await session.flush()
    return membership


async def remove_workspace_member(session: AsyncSession, principal: Principal,
                                  workspace: Workspace, membership_id: uuid.UUID) -> None:
    ensure_people_manager(principal, workspace.organization_id)
    repo = WorkspaceMembershipRepository(session, principal)
    membership = await repo.in_workspace(workspace.id, membership_id)
    await audit.record(session, "workspace_member.removed",
                       organization_id=workspace.organization_id, actor=principal,
                       target_type="user", target_id=membership.user_id,
                       details={"workspace_id": str(workspace.id)})
    await repo.delete(membership)
    await session.flush()
