import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.models import id_field, timestamp_field


class MailStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class OutboxMail(SQLModel, table=True):
    """Every mail Vigie sends is first a row here; the `mail.send` job delivers it.

    With no SMTP_URL configured (the embedded default) delivery stops at this table, which
    `vigie outbox` prints.
    """

    __tablename__ = "mail_outbox"

    id: uuid.UUID = id_field()
    to_address: str = Field(max_length=320)
    subject: str = Field(max_length=300)
    body_text: str
    status: MailStatus = Field(default=MailStatus.pending, sa_type=sa.String(16), index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, nullable=True)
    next_attempt_at: datetime = timestamp_field(index=True)
    sent_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
