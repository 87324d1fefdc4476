"""Named permission dependencies of the tenancy domain, built from the role table.

An organization or workspace the caller cannot reach answers 404; one they reach without
the needed permission answers 403.
"""

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from app.auth.dependencies import CurrentPrincipal
from app.auth.permissions import Permission
from app.auth.principal import Principal
from app.core.deps import SessionDep
from app.core.errors import Forbidden, NotFound
from app.tenancy.models import Workspace
from app.tenancy.repository import WorkspaceRepository


@dataclass(frozen=True)
class OrgAccess:
    organization_id: uuid.UUID
    principal: Principal


@dataclass(frozen=True)
class WorkspaceAccess:
    workspace: Workspace
    principal: Principal
    role: str


def require_org(permission: Permission):  # type: ignore[no-untyped-def]
    async def dependency(organization_id: uuid.UUID, principal: CurrentPrincipal) -> OrgAccess:
        if organization_id not in principal.org_roles:
            raise NotFound("Organization not found")
        if permission not in principal.org_permissions(organization_id):
            raise Forbidden(f"Your role does not allow this ({permission.value})")
        return OrgAccess(organization_id, principal)

    return Depends(dependency)


def require_workspace(permission: Permission):  # type: ignore[no-untyped-def]
    async def dependency(workspace_id: uuid.UUID, principal: CurrentPrincipal,
                         session: SessionDep) -> WorkspaceAccess:
        workspace = await WorkspaceRepository(session, principal).get(workspace_id)
        role = principal.workspace_role(workspace.organization_id, workspace.id)
        if role is None:
            raise NotFound("Workspace not found")
        if permission not in principal.workspace_permissions(workspace.organization_id,
                                                             workspace.id):
            raise Forbidden(f"Your role does not allow this ({permission.value})")
        return WorkspaceAccess(workspace, principal, role)

    return Depends(dependency)


P = Permission
OrgRead = Annotated[OrgAccess, require_org(P.organization_read)]
OrgWrite = Annotated[OrgAccess, require_org(P.organization_write)]
OrgDelete = Annotated[OrgAccess, require_org(P.organization_delete)]
PeopleManage = Annotated[OrgAccess, require_org(P.people_manage)]
WorkspacesCreate = Annotated[OrgAccess, require_org(P.workspaces_create)]
AuditRead = Annotated[OrgAccess, require_org(P.audit_read)]

WorkspacesRead = Annotated[WorkspaceAccess, require_workspace(P.workspaces_read)]
WorkspacesWrite = Annotated[WorkspaceAccess, require_workspace(P.workspaces_write)]
MembersRead = Annotated[WorkspaceAccess, require_workspace(P.members_read)]
