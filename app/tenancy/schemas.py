import uuid
from datetime import datetime
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, EmailStr, Field, StringConstraints, model_validator

from app.auth.models import Locale
from app.auth.schemas import Name, Password
from app.core.types import NoNul
from app.tenancy.models import OrgRole, WorkspaceRole

Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
                 NoNul]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")]
_TIMEZONES = frozenset(available_timezones())


def _known_timezone(value: str) -> str:
    if value not in _TIMEZONES:
        raise ValueError("unknown time zone (use an IANA name such as Europe/Paris)")
    return value


TimeZone = Annotated[str, AfterValidator(_known_timezone)]
BrandName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]
Keywords = Annotated[list[Term], Field(max_length=100)]
Competitors = Annotated[list[Term], Field(max_length=50)]


class OrganizationRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    name: str
    slug: str
    created_at: datetime


class OrganizationUpdate(BaseModel):
    name: Name | None = None


class WorkspaceBase(BaseModel):
    timezone: TimeZone = "Europe/Paris"
    locale: Locale = Locale.fr
    brand_name: BrandName = ""
    keywords: Keywords = Field(default_factory=list)
    competitors: Competitors = Field(default_factory=list)


class WorkspaceCreate(WorkspaceBase):
    name: Name
    slug: Slug | None = None


class WorkspaceUpdate(BaseModel):
    name: Name | None = None
    slug: Slug | None = None
    timezone: TimeZone | None = None
    locale: Locale | None = None
    brand_name: BrandName | None = None
    keywords: Keywords | None = None
    competitors: Competitors | None = None


class WorkspaceRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    slug: str
    timezone: str
    locale: str
    brand_name: str
    keywords: list[str]
    competitors: list[str]
    created_at: datetime
    updated_at: datetime


class MemberRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    email: str
    full_name: str
    role: str
    created_at: datetime


class PersonRead(BaseModel):
    """Someone who works in a workspace, whatever the way in."""

    user_id: uuid.UUID
    email: str
    full_name: str
    role: str = Field(description="manager (organization owner/admin), member, "
                                  "client_approver or client_viewer")


class OrgMemberUpdate(BaseModel):
    role: OrgRole


class WorkspaceMemberCreate(BaseModel):
    user_id: uuid.UUID
    role: WorkspaceRole


class WorkspaceMemberUpdate(BaseModel):
    role: WorkspaceRole


class InvitationCreate(BaseModel):
    """Invite to an organization role (agency staff) or to a workspace role (clients)."""

    email: EmailStr
    org_role: OrgRole | None = None
    workspace_id: uuid.UUID | None = None
    workspace_role: WorkspaceRole | None = None

    @model_validator(mode="after")
    def _one_target(self) -> "InvitationCreate":
        if self.org_role is None and self.workspace_role is None:
            raise ValueError("give org_role, or workspace_id with workspace_role")
        if (self.workspace_id is None) != (self.workspace_role is None):
            raise ValueError("workspace_id and workspace_role go together")
        if self.org_role == OrgRole.owner:
            raise ValueError("ownership cannot be given by invitation")
        if self.workspace_role in (WorkspaceRole.client_approver, WorkspaceRole.client_viewer) \
                and self.org_role is not None:
            raise ValueError("clients get a workspace role only, not an organization role")
        if self.workspace_role == WorkspaceRole.member and self.org_role is None:
            raise ValueError("agency members also need org_role 'member' or 'admin'")
        return self


class InvitationRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    organization_id: uuid.UUID
    workspace_id: uuid.UUID | None
    email: str
    org_role: OrgRole | None
    workspace_role: WorkspaceRole | None
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime


class InvitationPreview(BaseModel):
    email: str
    organization_name: str
    workspace_name: str | None
    org_role: OrgRole | None
    workspace_role: WorkspaceRole | None
    expires_at: datetime
    account_exists: bool


class InvitationAccept(BaseModel):
    token: Annotated[str, Field(min_length=1, max_length=2048)]
    # For a new account; an existing account proves itself with its password or a session.
    full_name: Name | None = None
    password: Password | None = None
    locale: Locale | None = None


class InvitationAccepted(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    organization_id: uuid.UUID
    workspace_id: uuid.UUID | None
