import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, text_array_field, timestamp_field


class ApiKey(SQLModel, table=True):
    """A key for the public API. Only its SHA-256 is stored; the key is shown once."""

    __tablename__ = "api_keys"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    created_by: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    prefix: str = Field(max_length=24)
    key_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = text_array_field()
    # None: every workspace its creator can reach; otherwise only these.
    workspace_ids: list[uuid.UUID] | None = Field(
        default=None, sa_type=sa.ARRAY(sa.Uuid()), nullable=True
    )
    expires_at: datetime | None = timestamp_field(nullable=True)
    last_used_at: datetime | None = timestamp_field(nullable=True)
    revoked_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
