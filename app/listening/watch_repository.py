import uuid

import sqlalchemy as sa

from app.core.repository import TenantRepository
from app.listening.models import Watch, WatchSource


class WatchRepository(TenantRepository[Watch]):
    model = Watch
    not_found = "Watch not found"

    async def in_workspace(self, workspace_id: uuid.UUID, watch_id: uuid.UUID) -> Watch:
        return await self.get(watch_id, Watch.workspace_id == workspace_id)


class WatchSourceRepository(TenantRepository[WatchSource]):
    model = WatchSource
    not_found = "Source not found"

    async def for_watches(self, watch_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[WatchSource]]:
        rows = (await self.session.scalars(self.select().where(
            WatchSource.watch_id.in_(watch_ids)).order_by(WatchSource.created_at))).all()
        grouped: dict[uuid.UUID, list[WatchSource]] = {w: [] for w in watch_ids}
        for row in rows:
            grouped[row.watch_id].append(row)
        return grouped

    async def delete_for_watch(self, watch_id: uuid.UUID) -> None:
        await self.session.execute(sa.delete(WatchSource).where(
            self.tenant_filter(), WatchSource.watch_id == watch_id))
