"""Who is calling: a user (JWT) or an API key acting for its creator, and what they reach."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from app.auth.permissions import (
    MANAGER,
    ORG_ROLE_PERMISSIONS,
    WORKSPACE_ROLE_PERMISSIONS,
    Permission,
)
from app.core.db import TenantScope
from app.tenancy.models import OrgRole, WorkspaceRole

# Read once: an enum member's class attribute lookup is slow, and workspace_role() runs per row.
_ADMIN_ROLES = (OrgRole.owner, OrgRole.admin)


@dataclass
class Principal:
    user_id: uuid.UUID
    email: str
    locale: str
    org_roles: dict[uuid.UUID, OrgRole] = field(default_factory=dict)
    # explicit workspace memberships: workspace id → (organization id, role)
    workspace_roles: dict[uuid.UUID, tuple[uuid.UUID, WorkspaceRole]] = field(
        default_factory=dict
    )
    api_key_id: uuid.UUID | None = None
    # An API key narrows its creator's rights to these scopes and workspaces.
    scopes: frozenset[str] | None = None
    key_workspace_ids: frozenset[uuid.UUID] | None = None
    # The rest of the user's profile, read with the principal (GET /me answers from it).
    full_name: str = ""
    email_verified_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def is_api_key(self) -> bool:
        return self.api_key_id is not None

    @property
    def admin_org_ids(self) -> set[uuid.UUID]:
        return {o for o, r in self.org_roles.items() if r in _ADMIN_ROLES}

    @property
    def organization_ids(self) -> set[uuid.UUID]:
        return set(self.org_roles) | {org for org, _ in self.workspace_roles.values()}

    @property
    def workspace_ids(self) -> set[uuid.UUID]:
        return set(self.workspace_roles)

    def tenant_scope(self) -> TenantScope:
        if self.key_workspace_ids is not None:
            # The second lock is as narrow as the key: only its workspaces, none by admin right.
            return TenantScope(user_id=self.user_id, organization_ids=self.organization_ids,
                               workspace_ids=set(self.key_workspace_ids))
        return TenantScope(
            user_id=self.user_id,
            organization_ids=self.organization_ids,
            workspace_ids=self.workspace_ids,
            admin_organization_ids=self.admin_org_ids,
        )

    def _narrow(self, perms: frozenset[Permission]) -> frozenset[Permission]:
        if self.scopes is None:
            return perms
        return frozenset(p for p in perms if p.value in self.scopes)

    def org_permissions(self, organization_id: uuid.UUID) -> frozenset[Permission]:
        role = self.org_roles.get(organization_id)
        return self._narrow(ORG_ROLE_PERMISSIONS[role]) if role else frozenset()

    def workspace_role(self, organization_id: uuid.UUID, workspace_id: uuid.UUID) -> str | None:
        if self.key_workspace_ids is not None and workspace_id not in self.key_workspace_ids:
            return None
        # Not `admin_org_ids`: that set is rebuilt on each call, and this runs per workspace.
        if self.org_roles.get(organization_id) in _ADMIN_ROLES:
            return MANAGER
        membership = self.workspace_roles.get(workspace_id)
        if membership and membership[0] == organization_id:
            return membership[1]
        return None

    def workspace_permissions(
        self, organization_id: uuid.UUID, workspace_id: uuid.UUID
    ) -> frozenset[Permission]:
        role = self.workspace_role(organization_id, workspace_id)
        return self._narrow(WORKSPACE_ROLE_PERMISSIONS[role]) if role else frozenset()

    def all_permissions(self) -> frozenset[Permission]:
        """Everything this principal may do somewhere; an API key may hold no more."""
        perms: set[Permission] = set()
        for org in self.org_roles:
            perms |= self.org_permissions(org)
            if org in self.admin_org_ids:
                perms |= WORKSPACE_ROLE_PERMISSIONS[MANAGER]
        for _org, role in self.workspace_roles.values():
            perms |= WORKSPACE_ROLE_PERMISSIONS[role]
        return self._narrow(frozenset(perms))
