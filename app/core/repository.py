"""Base repository: the tenant filter is written here, once.

A repository is built for one principal; every query it runs is limited to what that
principal may reach. Row-level security in PostgreSQL is the second lock behind it.
"""

import uuid
from typing import Any, ClassVar, Generic, Literal, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from app.auth.principal import Principal
from app.core.db import DriverQuery, DriverTransaction, driver_connection
from app.core.errors import NotFound
from app.core.pagination import PageParams, encode_cursor, make_page, paginate
from app.core.responses import json_response

M = TypeVar("M")
_UUIDS = sa.ARRAY(sa.Uuid())
# get()'s statement in a driver-only request, compiled once per repository.
_GET_QUERIES: dict[type, DriverQuery] = {}
# read_page_json()'s statements, compiled once per repository, filter columns and cursor use.
_PAGE_QUERIES: dict[tuple[type, type, tuple[str, ...], bool], DriverQuery] = {}


def _as_text_if_uuid(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    if isinstance(column.type, sa.Uuid):
        return sa.cast(column, sa.Text).label(column.name)
    return column


def ids_param(name: str) -> sa.BindParameter[Any]:
    """A uuid[] parameter, for `column == sa.any_(ids_param(...))`."""
    return sa.bindparam(name, type_=_UUIDS)


class TenantRepository(Generic[M]):
    model: ClassVar[Any]
    # "organization": rows of an organization, reached by its members;
    # "workspace": rows of a workspace, reached by whoever reaches the workspace.
    level: ClassVar[Literal["organization", "workspace"]] = "workspace"
    not_found: ClassVar[str] = "Not found"

    def __init__(self, session: AsyncSession, principal: Principal) -> None:
        # A DriverTransaction (driver-only endpoints) allows get() and read_page_json() only.
        self.session: AsyncSession = session
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

    @classmethod
    def driver_tenant_filter(cls) -> sa.ColumnElement[bool]:
        """tenant_filter() with the ids as bind parameters (`tenant_values()` fills them), so
        that a statement using it is compiled once. Keep the two in step."""
        m = cls.model
        if cls.level == "organization":
            return m.organization_id == sa.any_(ids_param("org_ids"))
        return sa.and_(
            sa.or_(m.organization_id == sa.any_(ids_param("admin_org_ids")),
                   m.workspace_id == sa.any_(ids_param("workspace_ids"))),
            sa.or_(ids_param("key_workspace_ids").is_(None),
                   m.workspace_id == sa.any_(ids_param("key_workspace_ids"))),
        )

    def tenant_values(self) -> dict[str, Any]:
        p = self.principal
        return {"org_ids": list(p.org_roles), "admin_org_ids": list(p.admin_org_ids),
                "workspace_ids": list(p.workspace_ids),
                "key_workspace_ids": None if p.key_workspace_ids is None
                else list(p.key_workspace_ids)}

    def select(self) -> sa.Select:
        return sa.select(self.model).where(self.tenant_filter())

    async def get(self, row_id: uuid.UUID, *where: sa.ColumnElement[bool]) -> M:
        if isinstance(self.session, DriverTransaction):
            if where:
                raise TypeError("get() on the driver takes no extra condition")
            return await self._driver_get(row_id)
        row = await self.session.scalar(self.select().where(self.model.id == row_id, *where))
        if row is None:
            raise NotFound(self.not_found)
        return row

    async def _driver_get(self, row_id: uuid.UUID) -> M:
        """get() in a driver-only request: the row, tenant-filtered, as a detached model
        instance to read (nothing written to it is saved)."""
        cls = type(self)
        if cls not in _GET_QUERIES:
            table = cls.model.__table__
            _GET_QUERIES[cls] = DriverQuery(sa.select(*table.columns).where(
                cls.driver_tenant_filter(), table.c.id == sa.bindparam("row_id")))
        rows = await _GET_QUERIES[cls].fetch(await driver_connection(self.session),
                                             **self.tenant_values(), row_id=row_id)
        if not rows:
            raise NotFound(self.not_found)
        return cls.model(**rows[0])

    async def page(
        self, params: PageParams, *where: sa.ColumnElement[bool]
    ) -> tuple[list[M], str | None]:
        rows = (await self.session.scalars(paginate(self.select().where(*where), self.model,
                                                    params))).all()
        return make_page(list(rows), params)

    async def read_page_json(self, params: PageParams, read: type[BaseModel],
                             **equal: Any) -> Response:
        """page() for hot read-only lists, answered as is: the JSON of `Page[read]`.

        Same filter and order, no ORM: the statement is compiled once and runs on the
        request's driver connection; `equal` filters columns by value (`organization_id=...`).

        No models are built: the statement selects `read`'s fields, in its order, as the
        columns of the same names (tests/core/test_fast_json.py holds the bytes equal to
        pydantic's). Declare `response_model=Page[read]` on the route for the schema.
        """
        rows, cursor = await self._read_rows(params, read, equal)
        return json_response({"items": rows, "next_cursor": cursor})

    async def _read_rows(self, params: PageParams, read: type[BaseModel],
                         equal: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
        query = self._page_query(read, tuple(sorted(equal)), params.after is not None)
        values = {**self.tenant_values(), **equal, "limit": params.limit + 1}
        if params.after:
            values["after_created_at"], values["after_id"] = params.after
        rows = await query.fetch(await driver_connection(self.session), **values)
        cursor = None
        if len(rows) > params.limit:
            rows = rows[:params.limit]
            cursor = encode_cursor(rows[-1]["created_at"], rows[-1]["id"])
        return list(map(dict, rows)), cursor

    @classmethod
    def _page_query(cls, read: type[BaseModel], columns: tuple[str, ...],
                    after: bool) -> DriverQuery:
        key = (cls, read, columns, after)
        if key not in _PAGE_QUERIES:
            table = cls.model.__table__
            # The read model's fields and nothing else, in its order (a field that is not a
            # column fails here, once). The cursor needs created_at and id. UUIDs come as
            # text: pydantic-core writes asyncpg's own UUID type several times slower.
            stmt = sa.select(*(_as_text_if_uuid(table.c[name]) for name in read.model_fields)
                             ).where(
                cls.driver_tenant_filter(), *(table.c[c] == sa.bindparam(c) for c in columns))
            if after:
                stmt = stmt.where(sa.tuple_(table.c.created_at, table.c.id) < sa.tuple_(
                    sa.bindparam("after_created_at", type_=table.c.created_at.type),
                    sa.bindparam("after_id", type_=table.c.id.type)))
            stmt = stmt.order_by(table.c.created_at.desc(), table.c.id.desc())
            _PAGE_QUERIES[key] = DriverQuery(stmt.limit(sa.bindparam("limit")))
        return _PAGE_QUERIES[key]

    def add(self, row: M) -> M:
        self.session.add(row)
        return row

    async def delete(self, row: M) -> None:
        await self.session.delete(row)
