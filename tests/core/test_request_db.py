"""The request's unit of work: the pooled connections keep the app role, and a driver-only
endpoint's DriverTransaction commits and rolls back as a session does."""

import asyncpg
import pytest
from sqlalchemy import text

from app.core.config import get_settings
from app.core.db import (
    DriverTransaction,
    _driver_unit_of_work,
    driver_connection,
    get_database,
    session_unit_of_work,
)
from app.core.errors import Invalid


async def test_a_new_connection_keeps_the_app_role_after_its_first_rollback() -> None:
    role = get_settings().database_app_role
    await get_database().engine.dispose()  # the next session opens a new connection
    async with get_database().sessionmaker() as session:
        assert await session.scalar(text("SELECT current_user")) == role
        await session.rollback()
    async with get_database().sessionmaker() as session:  # the same pooled connection
        assert await session.scalar(text("SELECT current_user")) == role
    async with _driver_unit_of_work() as tx:
        assert await tx.connection.fetchval("SELECT current_user") == role


async def _scratch(owner_db: asyncpg.Connection) -> None:
    await owner_db.execute("DROP TABLE IF EXISTS driver_tx_probe")
    await owner_db.execute("CREATE TABLE driver_tx_probe (v int)")
    await owner_db.execute(
        f'GRANT INSERT, SELECT ON driver_tx_probe TO "{get_settings().database_app_role}"')


async def _write(value: int, error: Exception | None = None) -> None:
    async with _driver_unit_of_work() as tx:
        assert isinstance(tx, DriverTransaction)
        connection = await driver_connection(tx)
        assert connection.is_in_transaction()
        await connection.execute("INSERT INTO driver_tx_probe VALUES ($1)", value)
        if error is not None:
            raise error


async def test_the_driver_transaction_commits_or_rolls_back_like_a_session(
        owner_db: asyncpg.Connection) -> None:
    await _scratch(owner_db)
    try:
        await _write(1)
        with pytest.raises(RuntimeError):
            await _write(2, RuntimeError("crash"))
        with pytest.raises(Invalid):
            await _write(3, Invalid("bad input"))  # not persisted: rolled back
        with pytest.raises(Invalid):
            await _write(4, Invalid("kept", persist=True))
        assert sorted(r["v"] for r in await owner_db.fetch("SELECT v FROM driver_tx_probe")) \
            == [1, 4]
        # Every connection went back to the pool idle, none was left in a transaction.
        async with _driver_unit_of_work() as tx:
            assert await tx.connection.fetchval("SELECT count(*) FROM driver_tx_probe") == 2
    finally:
        await owner_db.execute("DROP TABLE driver_tx_probe")


async def test_a_broken_driver_transaction_never_returns_to_the_pool() -> None:
    with pytest.raises(asyncpg.PostgresError):
        async with _driver_unit_of_work() as tx:
            kept = tx.connection
            await kept.execute("SELECT 1/0")
    assert not kept.is_closed()  # rolled back, so reusable
    with pytest.raises(asyncpg.InterfaceError):  # the commit fails: answered as an error
        async with _driver_unit_of_work() as tx:
            kept = tx.connection
            kept.terminate()  # the connection dies under the request
    assert kept.is_closed()
    async with _driver_unit_of_work() as tx:  # the pool hands out a live one
        assert await tx.connection.fetchval("SELECT 1") == 1


async def test_a_session_unit_of_work_is_not_a_driver_transaction() -> None:
    async with session_unit_of_work() as session:
        assert not isinstance(session, DriverTransaction)
        assert (await driver_connection(session)).is_in_transaction()


async def test_the_hot_reads_open_no_session(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.core import db
    from tests.factories import create_workspace, signup

    owner = await signup(client)
    await create_workspace(client, owner["headers"], owner["org_id"])

    def no_session() -> None:
        raise AssertionError("a driver-only endpoint opened an AsyncSession")

    monkeypatch.setattr(db, "session_unit_of_work", no_session)
    me = await client.get("/api/v1/me", headers=owner["headers"])
    assert me.status_code == 200, me.text
    listed = await client.get(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                              headers=owner["headers"])
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["items"]) == 1
    assert "RateLimit-Remaining" in listed.headers and "X-Request-ID" in listed.headers
