"""The role → permission table of the design guide, in one place.

Permissions double as API-key scopes: a key holds the scopes it was given, intersected with
what its creator may do at the moment it is used.
"""

from enum import StrEnum

from app.tenancy.models import OrgRole, WorkspaceRole


class Permission(StrEnum):
    # organization level
    organization_read = "organization:read"
    organization_write = "organization:write"
    billing_manage = "billing:manage"
    organization_delete = "organization:delete"
    people_manage = "people:manage"
    api_keys_manage = "api_keys:manage"
    webhooks_manage = "webhooks:manage"
    workspaces_create = "workspaces:create"
    audit_read = "audit:read"
    # workspace level
    workspaces_read = "workspaces:read"
    workspaces_write = "workspaces:write"
    members_read = "members:read"
    watches_read = "watches:read"
    watches_write = "watches:write"
    mentions_read = "mentions:read"
    mentions_write = "mentions:write"
    alerts_read = "alerts:read"
    alerts_write = "alerts:write"
    channels_read = "channels:read"
    channels_write = "channels:write"
    posts_read = "posts:read"
    posts_write = "posts:write"
    posts_approve = "posts:approve"
    comments_write = "comments:write"
    calendar_read = "calendar:read"
    budgets_read = "budgets:read"
    budgets_write = "budgets:write"
    time_read = "time:read"
    time_write = "time:write"
    objectives_read = "objectives:read"
    objectives_write = "objectives:write"
    reports_read = "reports:read"
    reports_write = "reports:write"


P = Permission

_ADMIN_ORG = {P.organization_read, P.organization_write, P.people_manage, P.api_keys_manage,
              P.webhooks_manage, P.workspaces_create, P.audit_read}

ORG_ROLE_PERMISSIONS: dict[OrgRole, frozenset[Permission]] = {
    OrgRole.owner: frozenset(_ADMIN_ORG | {P.billing_manage, P.organization_delete}),
    OrgRole.admin: frozenset(_ADMIN_ORG),
    OrgRole.member: frozenset({P.organization_read}),
}

_CLIENT_READ = {P.workspaces_read, P.calendar_read, P.reports_read, P.objectives_read,
                P.posts_read}
_AGENCY_WORKSPACE = frozenset(
    p for p in Permission if p not in ORG_ROLE_PERMISSIONS[OrgRole.owner]
)

# "manager" is the effective workspace role of an organization owner or admin.
MANAGER = "manager"

WORKSPACE_ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    MANAGER: _AGENCY_WORKSPACE,
    WorkspaceRole.member: _AGENCY_WORKSPACE,
    WorkspaceRole.client_approver: frozenset(_CLIENT_READ | {P.posts_approve, P.comments_write}),
    WorkspaceRole.client_viewer: frozenset(_CLIENT_READ),
}

ALL_SCOPES: tuple[str, ...] = tuple(p.value for p in Permission)
