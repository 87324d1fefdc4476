import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from app.auth.permissions import Permission
from app.core.types import Instant, Name

KeyName = Name


class ApiKeyCreate(BaseModel):
    name: KeyName
    scopes: list[Permission] = Field(
        min_length=1,
        max_length=len(Permission),
        description="What the key may do; never more than its creator holds in the "
                    "organization.",
    )
    workspace_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=500,
        description="Limit the key to these workspaces; omit for every workspace the creator "
                    "reaches.",
    )
    expires_at: Instant | None = Field(default=None, description="Omit for no expiry.")


class ApiKeyRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    organization_id: uuid.UUID
    created_by: uuid.UUID
    name: str
    prefix: str = Field(description="The first characters of the key's secret part, to tell "
                                    "keys apart.")
    scopes: list[str]
    workspace_ids: list[uuid.UUID] | None
    expires_at: datetime | None
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: datetime | None
    created_at: datetime


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="The key itself. Shown only in this response: store it now.")
