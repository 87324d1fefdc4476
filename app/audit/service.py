"""Records security-relevant actions: logins, role changes, key creation, resets."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEvent
from app.auth.principal import Principal


async def record(
    session: AsyncSession,
    action: str,
    *,
    organization_id: uuid.UUID | None = None,
    actor: Principal | None = None,
    actor_user_id: uuid.UUID | None = None,
    target_type: str | None = None,
    target_id: uuid.UUID | str | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        organization_id=organization_id,
        actor_user_id=actor.user_id if actor else actor_user_id,
        actor_api_key_id=actor.api_key_id if actor else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id else None,
        ip=ip,
        details=details or {},
    )
    session.add(event)
    return event
