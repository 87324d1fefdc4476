"""Base repository: the tenant filter is written here, once.

A repository is built for one principal; every query it runs is limited to what that
principal may reach. Row-level security in PostgreSQL is the second lock behind it.
"""

import uuid
from typing import Any, ClassVar, Generic, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.core.errors import NotFound
from app.core.pagination import PageParams, make_page, paginate

M = TypeVar("M")


class TenantRepository(Generic[M]):
    model: ClassVar[Any]
    # "organization": rows of an organization, reached by its members;
    # "workspace": rows of a workspace, reached by whoever reaches the workspace.
    level: ClassVar[Literal["organization", "workspace"]] = "workspace"
    not_found: ClassVar[str] = "Not found"

    def __init__(self, session: AsyncSession, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def tenant_filter(self) -> sa.ColumnElement[bool]:
        p = self.principal
        if self.level == "organization":
            return self.model.organization_id.in_(list(p.org_roles) or [uuid.UUID(int=0)])
        reachable = sa.or_(
            self.model.organization_id.in_(list(p.admin_org_ids) or [uuid.UUID(int=0)]),
            self.model.workspace_id.in_(list(p.workspace_ids) or [uuid.UUID(int=0)]),
        )
        if p.key_workspace_ids is not None:
            reachable = sa.and_(reachable, self.model.workspace_id.in_(list(p.key_workspace_ids)))
        return reachable

    def select(self) -> sa.Select:
        return sa.select(self.model).where(self.tenant_filter())

    async def get(self, row_id: uuid.UUID, *where: sa.ColumnElement[bool]) -> M:
        row = await self.session.scalar(self.select().where(self.model.id == row_id, *where))
        if row is None:
            raise NotFound(self.not_found)
        return row

    async def page(
        self, params: PageParams, *where: sa.ColumnElement[bool]
    ) -> tuple[list[M], str | None]:
        rows = (await self.session.scalars(paginate(self.select().where(*where), self.model,
                                                    params))).all()
        return make_page(list(rows), params)

    def add(self, row: M) -> M:
        self.session.add(row)
        return row

    async def delete(self, row: M) -> None:
        await self.session.delete(row)
