"""Stored answers for `Idempotency-Key`.

Each step runs in its own short, committed transaction on an engine connection, apart from
the request's unit of work: the "running" marker must be visible to a concurrent retry
before the request does anything, and must survive the request's own rollback.

Stored bodies are encrypted at rest: some answers carry secrets shown once (a new API key,
the tokens of an accepted invitation), and a replay must give them back, not leak them.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from app.core import crypto
from app.core.db import get_database
from app.core.models import utcnow
from app.idempotency.models import IdempotencyRecord

# How long a key is remembered; past it the key is free again.
RECORD_TTL = timedelta(hours=24)
# A request still "running" after this long died with its process: a retry may take over.
STALE_AFTER = timedelta(minutes=5)

_T = IdempotencyRecord.__table__


@dataclass(frozen=True)
class Started:
    record_id: uuid.UUID


@dataclass(frozen=True)
class Replay:
    status_code: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reused:
    """Same key, other request."""


@dataclass(frozen=True)
class InProgress:
    """Same key, same request, first attempt not finished."""


Claim = Started | Replay | Reused | InProgress


# crypto works on text; latin-1 maps every byte to one character and back, losslessly.
def _seal(body: bytes) -> bytes:
    return crypto.encrypt(body.decode("latin-1")).encode()


def _open(sealed: bytes) -> bytes:
    return crypto.decrypt(sealed.decode()).encode("latin-1") if sealed else b""


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, body):
        # Length-prefixed, so no two different requests hash the same concatenation.
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def _insert(conn: AsyncConnection, values: dict) -> uuid.UUID | None:
    stmt = (insert(_T).values(id=uuid.uuid4(), **values)
            .on_conflict_do_nothing(index_elements=["principal", "key"]).returning(_T.c.id))
    return await conn.scalar(stmt)


async def _take_over(conn: AsyncConnection, row: sa.Row, values: dict) -> Claim:
    """Restart an expired or abandoned record; whoever updates it first owns it."""
    stmt = (sa.update(_T).where(_T.c.id == row.id, _T.c.created_at == row.created_at)
            .values(**values, status_code=None, response_body=None, response_headers=None,
                    completed_at=None).returning(_T.c.id))
    record_id = await conn.scalar(stmt)
    return Started(record_id) if record_id else InProgress()


def _judge(row: sa.Row, request_hash: str, now: datetime) -> Claim | None:
    """What an existing record means for this request; None when it may be taken over."""
    if row.created_at < now - RECORD_TTL:
        return None
    if row.request_hash != request_hash:
        return Reused()
    if row.status_code is None:
        return None if row.created_at < now - STALE_AFTER else InProgress()
    return Replay(row.status_code, dict(row.response_headers or {}),
                  _open(row.response_body or b""))


async def begin(principal: str, key: str, method: str, path: str, request_hash: str) -> Claim:
    values = {"principal": principal, "key": key, "method": method, "path": path[:2048],
              "request_hash": request_hash}
    async with get_database().engine.begin() as conn:
        # Two rounds: the record seen on conflict may be deleted (a failed first attempt)
        # before we read it.
        for _ in range(2):
            now = utcnow()
            record_id = await _insert(conn, {**values, "created_at": now})
            if record_id is not None:
                return Started(record_id)
            row = (await conn.execute(sa.select(_T).where(
                _T.c.principal == principal, _T.c.key == key))).one_or_none()
            if row is not None:
                claim = _judge(row, request_hash, now)
                return claim if claim is not None else await _take_over(
                    conn, row, {**values, "created_at": now})
    return InProgress()


async def complete(record_id: uuid.UUID, status_code: int, headers: dict[str, str],
                   body: bytes) -> None:
    async with get_database().engine.begin() as conn:
        await conn.execute(sa.update(_T).where(_T.c.id == record_id).values(
            status_code=status_code, response_headers=headers, response_body=_seal(body),
            completed_at=utcnow()))


async def forget(record_id: uuid.UUID) -> None:
    """Drop a record whose request failed, so that a retry runs it again."""
    async with get_database().engine.begin() as conn:
        await conn.execute(sa.delete(_T).where(_T.c.id == record_id))


async def purge_expired() -> int:
    async with get_database().engine.begin() as conn:
        result = await conn.execute(sa.delete(_T).where(_T.c.created_at < utcnow() - RECORD_TTL))
    return result.rowcount or 0
