import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.models import id_field, timestamp_field


class IdempotencyRecord(SQLModel, table=True):
    """A stored answer for an `Idempotency-Key`, scoped to the caller."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("principal", "key"),)

    id: uuid.UUID = id_field()
    principal: str = Field(max_length=128)
    key: str = Field(max_length=255)
    method: str = Field(max_length=8)
    path: str = Field(max_length=2048)
    request_hash: str = Field(max_length=64)
    status_code: int | None = Field(default=None, nullable=True)
    response_body: bytes | None = Field(default=None, sa_type=sa.LargeBinary, nullable=True)
    response_headers: dict | None = Field(default=None, sa_type=sa.JSON, nullable=True)
    created_at: datetime = timestamp_field(index=True)
    completed_at: datetime | None = timestamp_field(nullable=True)
