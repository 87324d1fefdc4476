"""Idempotency records are remembered for a day; this sweeper forgets older ones."""

import logging
from typing import Any

from app.core.jobs import cron
from app.idempotency import service

logger = logging.getLogger(__name__)


@cron("idempotency.purge", every_minutes=15)
async def purge(_ctx: dict[str, Any]) -> int:
    # Expired rows are already ignored on lookup; deleting them only keeps the table small,
    # so a sweep every quarter of an hour is plenty.
    deleted = await service.purge_expired()
    if deleted:
        logger.info("purged expired idempotency records", extra={"count": deleted})
    return deleted
