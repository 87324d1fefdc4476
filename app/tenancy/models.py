"""Organizations (agencies), their client workspaces, memberships and invitations."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, text_array_field, timestamp_field, workspace_fk


class OrgRole(StrEnum):
    owner = "owner"
    admin = "admin"
    member = "member"


class WorkspaceRole(StrEnum):
    member = "member"
    client_approver = "client_approver"
    client_viewer = "client_viewer"


class Organization(SQLModel, table=True):
    __tablename__ = "organizations"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=200)
    slug: str = Field(max_length=80, unique=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class OrganizationMembership(SQLModel, table=True):
    __tablename__ = "organization_memberships"
    __table_args__ = (sa.UniqueConstraint("organization_id", "user_id"),)

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    role: OrgRole = Field(sa_type=sa.String(16))
    created_at: datetime = timestamp_field()


class Workspace(SQLModel, table=True):
    __tablename__ = "workspaces"
    __table_args__ = (sa.UniqueConstraint("organization_id", "slug"),)

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    name: str = Field(max_length=200)
    slug: str = Field(max_length=80)
    timezone: str = Field(default="Europe/Paris", max_length=64)
    locale: str = Field(default="fr", max_length=2)
    brand_name: str = Field(default="", max_length=200)
    keywords: list[str] = text_array_field()
    competitors: list[str] = text_array_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class WorkspaceMembership(SQLModel, table=True):
    __tablename__ = "workspace_memberships"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "user_id"),)

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    role: WorkspaceRole = Field(sa_type=sa.String(16))
    created_at: datetime = timestamp_field()


class Invitation(SQLModel, table=True):
    """An invitation to an organization role, or to a role in one workspace."""

    __tablename__ = "invitations"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID | None = workspace_fk(nullable=True)
    email: str = Field(max_length=320)
    org_role: OrgRole | None = Field(default=None, sa_type=sa.String(16), nullable=True)
    workspace_role: WorkspaceRole | None = Field(default=None, sa_type=sa.String(16),
                                                 nullable=True)
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="users.id",
                                         ondelete="SET NULL", nullable=True)
    expires_at: datetime = timestamp_field()
    accepted_at: datetime | None = timestamp_field(nullable=True)
    revoked_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
