"""Test setup: real PostgreSQL and Redis, schema built by Alembic, each test isolated.

DATABASE_URL / REDIS_URL name the servers (this machine and CI); without them the embedded
servers start under .vigie-test/. Each run gets its own database, `<name>_vigie_test_<pid>`,
created fresh and dropped at the end (so parallel runs on one server do not collide); tables
are truncated and the Redis database flushed after every test.
"""

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("SECRET_KEY", "test-secret-key-test-secret-key-test-secret-key")
os.environ.setdefault("ENCRYPTION_KEYS", "x2yZ3kq3mQb2oW7sV0lQ6c5g4i8rT1uY9pN0aLhE3fA=")
os.environ["ENVIRONMENT"] = "test"
os.environ["LOG_JSON"] = "false"
os.environ["LOG_LEVEL"] = "WARNING"
# The fake networks run on 127.0.0.1; production refuses private addresses (SSRF).
os.environ["ALLOW_PRIVATE_SOURCES"] = "true"
os.environ.setdefault("DATA_DIR", str(ROOT / ".vigie-test"))


def _resolve_servers() -> None:
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return
    from app.core.config import Settings
    from app.core.embedded import resolve_settings

    resolve_settings(Settings())


def _test_database_url(url: str) -> str:
    parsed = make_url(url)
    name = f"{parsed.database or 'vigie'}_vigie_test_{os.getpid()}"
    return parsed.set(database=name).render_as_string(hide_password=False)


async def _admin_execute(url: str, *statements: str) -> None:
    admin = make_url(url).set(database="postgres", drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _recreate_database(url: str, test_url: str) -> None:
    name = make_url(test_url).database
    await _admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                         f'CREATE DATABASE "{name}"')


def _migrate() -> None:
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config(str(ROOT / "alembic.ini")), "head")


def _test_redis_url(url: str) -> str:
    """A Redis database of its own (1-15, from the pid), so parallel runs do not flush each
    other's queues and counters."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + os.getpid() % 15}"))


_resolve_servers()
os.environ["REDIS_URL"] = _test_redis_url(os.environ["REDIS_URL"])
SERVER_DATABASE_URL = os.environ["DATABASE_URL"]
TEST_DATABASE_URL = _test_database_url(SERVER_DATABASE_URL)
asyncio.run(_recreate_database(SERVER_DATABASE_URL, TEST_DATABASE_URL))
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
_migrate()


def owner_dsn() -> str:
    """The tables' owner: sees every row, for assertions and cleanup only."""
    return make_url(TEST_DATABASE_URL).set(drivername="postgresql").render_as_string(
        hide_password=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    name = make_url(TEST_DATABASE_URL).database
    asyncio.run(_admin_execute(SERVER_DATABASE_URL,
                               f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    from app.main import create_app

    return create_app()


@pytest.fixture
async def client(app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    transport = ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def owner_db() -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(owner_dsn())
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture(autouse=True)
async def _isolate() -> AsyncIterator[None]:
    yield
    from app.models import metadata

    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    conn = await asyncpg.connect(owner_dsn())
    try:
        await conn.execute(f"TRUNCATE {tables} CASCADE")
    finally:
        await conn.close()
    await flush_queue()


async def flush_queue() -> None:
    """Empty the Redis database: queued jobs, rate-limit counters."""
    import redis.asyncio as aioredis

    from app.core.config import get_settings

    r = aioredis.from_url(get_settings().redis_url)
    try:
        await r.flushdb()
    finally:
        await r.aclose()
