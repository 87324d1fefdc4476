"""Mail tasks: deliver one outbox row; sweep rows whose job was lost.

mail_outbox is not tenant data, so the unit of work runs with an empty tenant scope.
"""

import uuid
from datetime import timedelta
from typing import Any

from app.core.db import tenant_session
from app.core.jobs import cron, task
from app.mail import service


# The SMTP conversation happens while the row is locked; leave it room for slow relays.
@task("mail.send", timeout=timedelta(minutes=2))
async def send(_ctx: dict[str, Any], *, mail_id: str) -> str | None:
    async with tenant_session() as session:
        status = await service.deliver(session, uuid.UUID(mail_id))
    return status.value if status else None


@cron("mail.sweep", every_minutes=1)
async def sweep(_ctx: dict[str, Any]) -> int:
    async with tenant_session() as session:
        return await service.requeue_due(session)
