"""Queries of API keys. Listing and reading go through the tenant filter; authentication
looks a key up by hash once the tenant is known from the key itself."""

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.api_keys.models import ApiKey
from app.core.repository import TenantRepository
from app.tenancy.models import Workspace

# `last_used_at` is informative: one write a minute per key is precise enough and spares
# every authenticated request an UPDATE.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiKeyRepository(TenantRepository[ApiKey]):
    model = ApiKey
    level = "organization"
    not_found = "API key not found"


async def get_by_hash(session: AsyncSession, key_hash: str) -> ApiKey | None:
    return await session.scalar(sa.select(ApiKey).where(ApiKey.key_hash == key_hash))


async def existing_workspace_ids(
    session: AsyncSession, organization_id: uuid.UUID, workspace_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    rows = await session.scalars(
        sa.select(Workspace.id).where(Workspace.organization_id == organization_id,
                                      Workspace.id.in_(list(workspace_ids)))
    )
    return set(rows.all())


async def touch_last_used(session: AsyncSession, key: ApiKey, now: datetime) -> None:
    """Record use if the stored time is stale; a concurrent request already doing it wins.

    SKIP LOCKED keeps a request from waiting on another request's transaction just to
    write the same timestamp.
    """
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_PRECISION:
        return
    stale = sa.or_(ApiKey.last_used_at.is_(None),
                   ApiKey.last_used_at < now - LAST_USED_PRECISION)
    locked = (sa.select(ApiKey.id).where(ApiKey.id == key.id, stale)
              .with_for_update(skip_locked=True).scalar_subquery())
    await session.execute(
        sa.update(ApiKey).where(ApiKey.id == locked).values(last_used_at=now),
        execution_options={"synchronize_session": False},
    )
