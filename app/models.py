"""Imports every domain's tables so Alembic and tests see the whole schema."""

from sqlmodel import SQLModel

from app.alerts.models import Alert, AlertRule
from app.api_keys.models import ApiKey
from app.audit.models import AuditEvent
from app.auth.models import OneTimeToken, RefreshToken, User
from app.events.models import Event
from app.idempotency.models import IdempotencyRecord
from app.listening.models import (
    Mention,
    MentionNote,
    SentimentCorrection,
    Watch,
    WatchSource,
)
from app.mail.models import OutboxMail
from app.tenancy.models import (
    Invitation,
    Organization,
    OrganizationMembership,
    Workspace,
    WorkspaceMembership,
)

metadata = SQLModel.metadata

__all__ = [
    "Alert",
    "AlertRule",
    "ApiKey",
    "AuditEvent",
    "Event",
    "IdempotencyRecord",
    "Invitation",
    "Mention",
    "MentionNote",
    "OneTimeToken",
    "Organization",
    "OrganizationMembership",
    "OutboxMail",
    "RefreshToken",
    "SentimentCorrection",
    "User",
    "Watch",
    "WatchSource",
    "Workspace",
    "WorkspaceMembership",
    "metadata",
]
