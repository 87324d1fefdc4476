import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.events.models import Event


def publish(session: AsyncSession, type_: str, *, organization_id: uuid.UUID,
            workspace_id: uuid.UUID | None, payload: dict[str, Any]) -> Event:
    """Record an event for outgoing webhooks; it commits (or not) with the caller's work."""
    event = Event(organization_id=organization_id, workspace_id=workspace_id, type=type_,
                  payload=payload)
    session.add(event)
    return event
