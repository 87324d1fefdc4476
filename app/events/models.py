"""Domain events, written in the same transaction as the change they describe.

The outbox of the outgoing webhooks: a delivery worker (webhooks domain) reads rows it has
not delivered yet, so an event is never lost between a commit and a network call.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, timestamp_field, workspace_fk


class Event(SQLModel, table=True):
    __tablename__ = "events"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID | None = workspace_fk(nullable=True)
    type: str = Field(max_length=64, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    created_at: datetime = timestamp_field(index=True)
