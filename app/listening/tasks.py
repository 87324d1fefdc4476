"""Listening jobs: thin wrappers that load ids and call the collection service."""

import uuid
from datetime import timedelta
from typing import Any

from app.core.jobs import cron, task
from app.listening import collection


@task("listening.collect", timeout=timedelta(minutes=5), max_tries=2)
async def collect(ctx: dict[str, Any], *, source_id: str, organization_id: str,
                  workspace_id: str) -> dict[str, Any]:
    return await collection.collect_source(uuid.UUID(source_id), uuid.UUID(organization_id))


@cron("listening.schedule", every_minutes=1)
async def schedule(ctx: dict[str, Any]) -> int:
    return await collection.schedule_due()
