import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, EmailStr, Field

from app.auth.models import Locale
from app.core.types import Name, NoNul
from app.tenancy.models import OrgRole

Password = Annotated[str, Field(min_length=10, max_length=256), NoNul]


class SignupRequest(BaseModel):
    email: EmailStr
    password: Password
    full_name: Name
    organization_name: Name
    locale: Locale = Locale.en


class LoginRequest(BaseModel):
    email: EmailStr
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)]


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Access token lifetime in seconds")


class OAuth2Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    email: str
    full_name: str
    locale: Locale
    email_verified_at: datetime | None
    created_at: datetime


class UserUpdate(BaseModel):
    full_name: Name | None = None
    locale: Locale | None = None


class MeOrganization(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    role: OrgRole | None = Field(description="Organization role; null for client access")
    permissions: list[str]


class MeWorkspace(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    slug: str
    role: str = Field(description="manager (organization owner/admin), member, "
                                  "client_approver or client_viewer")
    permissions: list[str]


class MeRead(BaseModel):
    user: UserRead
    organizations: list[MeOrganization]
    workspaces: list[MeWorkspace]


class SignupResponse(TokenPair):
    user: UserRead
    organization_id: uuid.UUID
