"""Imports every domain's tables so Alembic and tests see the whole schema."""

from sqlmodel import SQLModel

from app.api_keys.models import ApiKey
from app.audit.models import AuditEvent
from app.auth.models import OneTimeToken, RefreshToken, User
from app.idempotency.models import IdempotencyRecord
from app.mail.models import OutboxMail
from app.tenancy.models import (
    Invitation,
    Organization,
    OrganizationMembership,
    Workspace,
    WorkspaceMembership,
)

metadata = SQLModel.metadata

__all__ = ["ApiKey", "AuditEvent", "IdempotencyRecord", "Invitation", "OneTimeToken",
           "Organization", "OrganizationMembership", "OutboxMail", "RefreshToken", "User",
           "Workspace", "WorkspaceMembership", "metadata"]
