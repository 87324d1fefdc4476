"""Engine, sessions and the tenant context that row-level security reads.

The API and the workers run every query as `settings.database_app_role`, a role that owns no
table, so the RLS policies apply even when DATABASE_URL names a superuser. Each transaction
states whose data it may touch with `set_config(..., true)`; with nothing set, the policies
see no rows.
"""

import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util.concurrency import greenlet_spawn
from starlette.requests import Request

from app.core.config import Settings, get_settings


def async_url(url: str) -> str:
    """Accept the standard `postgresql://` form; the driver is our business."""
    parsed = make_url(url)
    query = dict(parsed.query)
    sslmode = query.pop("sslmode", None)
    if sslmode and sslmode != "disable":
        query["ssl"] = sslmode
    return parsed.set(drivername="postgresql+asyncpg", query=query).render_as_string(
        hide_password=False
    )


def sync_url(url: str) -> str:
    """For Alembic, which runs through the same driver in a greenlet."""
    return async_url(url)


def create_engine(settings: Settings, *, as_app_role: bool = True) -> AsyncEngine:
    assert settings.database_url, "database_url is resolved before engines are created"
    engine = create_async_engine(
        async_url(settings.database_url),
        # Up to twice the setting, kept open: SQLAlchemy closes an overflow connection as
        # soon as it is returned, so under steady load above pool_size every request paid
        # for a new connection (connect, SET ROLE, a new PostgreSQL backend).
        pool_size=2 * settings.database_pool_size,
        max_overflow=0,
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "vigie"}},
    )
    if as_app_role:
        role = settings.database_app_role

        @event.listens_for(engine.sync_engine, "connect")
        def _set_role(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute(f'SET ROLE "{role}"')
            cursor.close()
            # The driver adapter ran it in a transaction of its own: left open, the first
            # request on the connection would inherit it, and its rollback would undo the
            # SET ROLE — every later request on the connection then ran without RLS.
            dbapi_connection.commit()

    return engine


@dataclass
class Database:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        engine = create_engine(settings)
        return cls(engine, async_sessionmaker(engine, expire_on_commit=False))

    async def dispose(self) -> None:
        await self.engine.dispose()


_database: Database | None = None


def get_database() -> Database:
    global _database
    if _database is None:
        _database = Database.from_settings(get_settings())
    return _database


async def close_database() -> None:
    global _database
    if _database is not None:
        await _database.dispose()
        _database = None


@dataclass
class TenantScope:
    """What the current transaction may see. Empty means nothing (fail closed)."""

    user_id: uuid.UUID | None = None
    organization_ids: set[uuid.UUID] = field(default_factory=set)
    # Organizations whose every workspace is reachable (owners and admins).
    admin_organization_ids: set[uuid.UUID] = field(default_factory=set)
    workspace_ids: set[uuid.UUID] = field(default_factory=set)


_DRIVER_KEY = "vigie.driver_connection"


def _join(ids: Iterable[uuid.UUID]) -> str:
    return ",".join(str(i) for i in sorted(ids, key=str))


async def apply_tenant_scope(session: AsyncSession, scope: TenantScope) -> None:
    """Publish the scope to PostgreSQL for the rest of the current transaction."""
    session.info["tenant_scope"] = scope
    await session.execute(
        text(
            "SELECT set_config('app.user_id', :user_id, true),"
            " set_config('app.org_ids', :org_ids, true),"
            " set_config('app.admin_org_ids', :admin_org_ids, true),"
            " set_config('app.workspace_ids', :workspace_ids, true)"
        ),
        {
            "user_id": str(scope.user_id) if scope.user_id else "",
            "org_ids": _join(scope.organization_ids),
            "admin_org_ids": _join(scope.admin_organization_ids),
            "workspace_ids": _join(scope.workspace_ids),
        },
    )


async def widen_tenant_scope(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID | None = None,
    admin: bool = False,
    workspace_id: uuid.UUID | None = None,
) -> None:
    """Add a tenant the caller just created (or proved access to) to the scope."""
    scope: TenantScope = session.info.get("tenant_scope") or TenantScope()
    if organization_id:
        scope.organization_ids.add(organization_id)
        if admin:
            scope.admin_organization_ids.add(organization_id)
    if workspace_id:
        scope.workspace_ids.add(workspace_id)
    await apply_tenant_scope(session, scope)


async def driver_connection(session: "AsyncSession | DriverTransaction") -> asyncpg.Connection:
    """The asyncpg connection under the session, for hot reads that skip the ORM's cost.

    Same connection, same transaction: what runs on it sees the tenant scope set in the
    transaction, and the session still commits or rolls back once for the request.
    """
    if isinstance(session, DriverTransaction):
        return session.connection
    # Remembered for the session's current transaction only: once it ends, the connection
    # may already serve another request.
    transaction = session.sync_session.get_transaction()
    cached = session.info.get(_DRIVER_KEY)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    connection = await session.connection()
    adapter = (await connection.get_raw_connection()).dbapi_connection
    # SQLAlchemy's asyncpg adapter sends BEGIN lazily, before its first statement; do what
    # it does, so that the transaction is its own (committed or rolled back by the session).
    if adapter._transaction is None:  # type: ignore[union-attr]
        async with adapter._execute_mutex:  # type: ignore[union-attr]
            await adapter._start_transaction()  # type: ignore[union-attr]
    raw: asyncpg.Connection = adapter.driver_connection  # type: ignore[union-attr]
    if not raw.is_in_transaction():  # never run a tenant query outside the transaction
        raise RuntimeError("the session's transaction could not be begun")
    session.info[_DRIVER_KEY] = (session.sync_session.get_transaction(), raw)
    return raw


class DriverQuery:
    """A Core statement compiled once for asyncpg, run with named values on the driver.

    For hot read paths: SQLAlchemy builds the SQL (no hand-written strings, same
    quoting and casts), but a request pays neither statement building nor result
    processing. Use `= ANY(:ids)` rather than `IN`: an expanding IN cannot be compiled once.
    """

    _dialect = PGDialect_asyncpg()

    def __init__(self, statement: sa.Executable) -> None:
        compiled = statement.compile(dialect=self._dialect)
        self.sql = compiled.string
        self._names = tuple(compiled.positiontup or ())
        # Values bound in the statement itself (literals); every other name is required.
        self._fixed = {name: bind.value for name, bind in compiled.binds.items()
                       if not bind.required}

    def args(self, values: dict[str, Any]) -> list[Any]:
        return [values[n] if n in values else self._fixed[n] for n in self._names]

    async def fetch(self, connection: asyncpg.Connection, **values: Any) -> list[asyncpg.Record]:
        return await connection.fetch(self.sql, *self.args(values))


@asynccontextmanager
async def tenant_session(scope: TenantScope | None = None) -> AsyncIterator[AsyncSession]:
    """A unit of work outside a request (workers, CLI): commit on success, else roll back."""
    from app.core import jobs

    async with get_database().sessionmaker() as session:
        jobs.attach_buffer(session)
        try:
            await apply_tenant_scope(session, scope or TenantScope())
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            jobs.discard_buffer(session)
            raise
        await jobs.flush_buffer(session)


@asynccontextmanager
async def session_unit_of_work() -> AsyncIterator[AsyncSession]:
    """A request's session: commit once on success (then send its jobs), else roll back;
    a `VigieError` with `persist` is committed before it is answered."""
    from app.core import jobs
    from app.core.errors import VigieError

    async with get_database().sessionmaker() as session:
        jobs.attach_buffer(session)
        try:
            yield session
        except VigieError as exc:
            if not exc.persist:
                await session.rollback()
                jobs.discard_buffer(session)
                raise
            await session.commit()
            await jobs.flush_buffer(session)
            raise
        except BaseException:
            await session.rollback()
            jobs.discard_buffer(session)
            raise
        await session.commit()
    await jobs.flush_buffer(session)


class DriverTransaction:
    """A driver-only request's unit of work: one pooled asyncpg connection in one transaction.

    What `SessionDep` gives the endpoints marked `@driver_only` (and every dependency of
    theirs) instead of an AsyncSession, whose opening, connection and commit cost more than
    the queries of a hot read. Only `driver_connection()` accepts it: it has none of
    AsyncSession's methods, so ORM code handed one fails at once instead of running on a
    second connection without the tenant scope.
    """

    __slots__ = ("connection", "info")

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.info: dict[str, Any] = {}  # as AsyncSession.info: the tenant scope


@asynccontextmanager
async def _driver_unit_of_work() -> AsyncIterator[DriverTransaction]:
    """Same pool (so the role is `vigie_app`), same commit/rollback rules as a session."""
    from app.core.errors import VigieError

    pooled = await get_database().engine.raw_connection()
    connection: asyncpg.Connection = pooled.driver_connection  # type: ignore[assignment]
    transaction = connection.transaction()
    try:
        if connection.is_in_transaction():  # a pooled connection is always idle; else refuse
            raise RuntimeError("a pooled connection was handed out inside a transaction")
        await transaction.start()
        try:
            yield DriverTransaction(connection)
        except VigieError as exc:
            await (transaction.commit() if exc.persist else transaction.rollback())
            raise
        except BaseException:
            await transaction.rollback()
            raise
        await transaction.commit()
    finally:
        if connection.is_closed() or connection.is_in_transaction():
            # Never hand a transaction (and the tenant scope set in it) to the next request:
            # when it could not be ended (cancelled, broken connection), drop the connection.
            connection.terminate()
            await greenlet_spawn(pooled.invalidate)
        else:
            pooled.close()


_DRIVER_ONLY: set[Callable[..., Any]] = set()


def driver_only(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a hot read endpoint: its `SessionDep` is a `DriverTransaction`, not a session.

    Only for endpoints whose whole chain (authentication included) goes through
    `driver_connection()`; put it under the route decorator.
    """
    _DRIVER_ONLY.add(endpoint)
    return endpoint


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request is the unit of work: commit once after the endpoint, roll back on error.

    Used with `scope="function"` so the commit happens before the response is sent: a
    failed commit is answered as an error, never as a success. A `@driver_only` endpoint
    gets a `DriverTransaction` under the same rules.
    """
    unit = (_driver_unit_of_work() if request.scope.get("endpoint") in _DRIVER_ONLY
            else session_unit_of_work())
    async with unit as session:
        yield session  # type: ignore[misc]


@asynccontextmanager
async def system_session() -> AsyncIterator[AsyncSession]:
    """For worker sweepers only: sees the tables whose policy admits `vigie_system()`.

    The API never opens one. Use it to find due work across tenants, then do the work itself
    in a `tenant_session` scoped to the row's tenant.
    """
    async with tenant_session() as session:
        await session.execute(text("SELECT set_config('app.system', 'on', true)"))
        yield session
