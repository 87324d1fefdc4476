"""Alert rules and the alerts they raise (the bad-buzz detector)."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, timestamp_field, workspace_fk


class AlertKind(StrEnum):
    volume_spike = "volume_spike"
    negative_spike = "negative_spike"
    keyword = "keyword"
    high_reach = "high_reach"


class AlertStatus(StrEnum):
    open = "open"
    acknowledged = "acknowledged"


class AlertRule(SQLModel, table=True):
    __tablename__ = "alert_rules"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    name: str = Field(max_length=200)
    kind: AlertKind = Field(sa_type=sa.String(16))
    # None: every watch of the workspace.
    watch_id: uuid.UUID | None = Field(default=None, foreign_key="watches.id",
                                       ondelete="CASCADE", nullable=True)
    # Kind-specific thresholds (window, factor, minimum count, keywords, minimum reach).
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    notify_emails: list[str] = Field(default_factory=list, sa_type=sa.ARRAY(sa.Text()))
    # Slack-compatible incoming webhook URL, encrypted at rest (it is a secret).
    slack_webhook: str | None = Field(default=None, nullable=True)
    notify_webhooks: bool = True
    cooldown_minutes: int = 60
    enabled: bool = True
    # Mentions up to this instant were already evaluated by keyword/high-reach rules.
    evaluated_until: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class Alert(SQLModel, table=True):
    """A raised alert with its evidence. A storm updates one open alert (count, evidence)
    instead of raising hundreds."""

    __tablename__ = "alerts"
    __table_args__ = (sa.Index("ix_alerts_ws_created", "workspace_id", "created_at"),)

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    rule_id: uuid.UUID | None = Field(default=None, foreign_key="alert_rules.id",
                                      ondelete="SET NULL", nullable=True, index=True)
    kind: AlertKind = Field(sa_type=sa.String(16))
    status: AlertStatus = Field(default=AlertStatus.open, sa_type=sa.String(16))
    title: str = Field(max_length=300)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    mention_ids: list[uuid.UUID] = Field(default_factory=list, sa_type=sa.ARRAY(sa.Uuid()))
    occurrences: int = 1
    first_triggered_at: datetime = timestamp_field()
    last_triggered_at: datetime = timestamp_field()
    # Notifications go out at most once per cooldown; this marks the last batch sent.
    notified_at: datetime | None = timestamp_field(nullable=True)
    notified_occurrences: int = 0
    acknowledged_by: uuid.UUID | None = Field(default=None, foreign_key="users.id",
                                              ondelete="SET NULL", nullable=True)
    acknowledged_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
