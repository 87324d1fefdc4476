"""Contract tests share one signed-up user for the whole run, so the per-test truncation of
tests/conftest.py is replaced here by a Redis flush (rate-limit counters) before each test;
the tables are truncated once the package is done."""

import os
from collections.abc import Iterator

import asyncpg
import pytest
import redis

from tests.conftest import owner_dsn


def _flush_redis() -> None:
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _isolate() -> Iterator[None]:
    _flush_redis()
    yield
