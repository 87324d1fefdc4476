"""Queries of API keys. Listing and reading go through the tenant filter; authentication
(lookup by hash, `last_used_at`) is `vigie_authenticate` in the database."""

import uuid
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.api_keys.models import ApiKey
from app.core.repository import TenantRepository
from app.tenancy.models import Workspace


class ApiKeyRepository(TenantRepository[ApiKey]):
    model = ApiKey
    level = "organization"
    not_found = "API key not found"


async def existing_workspace_ids(
    session: AsyncSession, organization_id: uuid.UUID, workspace_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    rows = await session.scalars(
        sa.select(Workspace.id).where(Workspace.organization_id == organization_id,
                                      Workspace.id.in_(list(workspace_ids)))
    )
    return set(rows.all())
