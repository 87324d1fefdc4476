import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, timestamp_field


class AuditEvent(SQLModel, table=True):
    """A security-relevant action. Events outside any organization (logins) have none."""

    __tablename__ = "audit_events"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID | None = org_fk(nullable=True)
    actor_user_id: uuid.UUID | None = Field(default=None, index=True, nullable=True)
    actor_api_key_id: uuid.UUID | None = Field(default=None, nullable=True)
    action: str = Field(max_length=64, index=True)
    target_type: str | None = Field(default=None, max_length=64, nullable=True)
    target_id: str | None = Field(default=None, max_length=64, nullable=True)
    ip: str | None = Field(default=None, max_length=64, nullable=True)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    created_at: datetime = timestamp_field(index=True)
