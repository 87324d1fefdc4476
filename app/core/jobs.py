"""Task registry and the enqueue buffer. With `workers/`, the only code that knows ARQ.

`enqueue()` only records the job on the session; `flush_buffer()` sends it to Redis after the
commit, and a rollback drops it. The database row each job works on stays the truth: jobs
re-read it, and each domain's sweeper re-enqueues what is due, so a lost Redis message
delays work but never loses it.
"""

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings

logger = logging.getLogger(__name__)

TaskFunc = Callable[..., Awaitable[Any]]
QUEUE_NAME = "vigie:queue"


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: TaskFunc
    timeout: timedelta
    max_tries: int


@dataclass(frozen=True)
class CronSpec:
    name: str
    func: TaskFunc
    minute: set[int] | None = None
    second: set[int] = field(default_factory=lambda: {0})


TASKS: dict[str, TaskSpec] = {}
CRONS: dict[str, CronSpec] = {}


def task(name: str, *, timeout: timedelta = timedelta(seconds=60), max_tries: int = 5):
    """Register `func(ctx, **kwargs)` as the task `name` (`domain.verb`)."""
    if "." not in name:
        raise ValueError(f"task names are 'domain.verb', got {name!r}")

    def decorator(func: TaskFunc) -> TaskFunc:
        TASKS[name] = TaskSpec(name, func, timeout, max_tries)
        return func

    return decorator


def cron(name: str, *, every_minutes: int = 1):
    """Register a periodic job, typically a sweeper that re-enqueues due rows."""

    def decorator(func: TaskFunc) -> TaskFunc:
        minutes = set(range(0, 60, every_minutes)) if every_minutes > 1 else None
        CRONS[name] = CronSpec(name, func, minute=minutes)
        return func

    return decorator


def discover() -> list[str]:
    """Import `app.<domain>.tasks` for every domain package that has one.

    Both the worker (to run them) and the API (so `enqueue` knows every name) call this.
    Every `app.<domain>.models` is imported first: a task touches tables whose foreign keys
    name other domains' tables (an alert's `acknowledged_by` → users), and SQLAlchemy can
    only resolve those once every table is in the metadata.
    """
    import importlib
    import importlib.util
    import pkgutil

    import app

    packages = [m.name for m in pkgutil.iter_modules(app.__path__) if m.ispkg]
    for package in packages:
        if importlib.util.find_spec(f"app.{package}.models") is not None:
            importlib.import_module(f"app.{package}.models")
    found: list[str] = []
    for package in packages:
        name = f"app.{package}.tasks"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
            found.append(name)
    return found


def serialize(data: dict[str, Any]) -> bytes:
    # JSON, never pickle: a queue message must not be able to run code.
    return json.dumps(data, default=str).encode()


def deserialize(data: bytes) -> dict[str, Any]:
    return json.loads(data)


@dataclass(frozen=True)
class PendingJob:
    name: str
    kwargs: dict[str, Any]
    job_id: str | None
    defer_by: timedelta | None


_pool: ArqRedis | None = None


def redis_settings() -> RedisSettings:
    settings = get_settings()
    assert settings.redis_url, "redis_url is resolved before the queue is used"
    return RedisSettings.from_dsn(settings.redis_url)


async def get_queue() -> ArqRedis:
    global _pool
    if _pool is None:
        _pool = await create_pool(
            redis_settings(),
            job_serializer=serialize,
            job_deserializer=deserialize,
            default_queue_name=QUEUE_NAME,
        )
    return _pool


async def close_queue() -> None:
    global _pool
    if _pool is not None:
        await _pool.aclose()
        _pool = None


def attach_buffer(session: AsyncSession) -> None:
    session.info["pending_jobs"] = []


def discard_buffer(session: AsyncSession) -> None:
    session.info["pending_jobs"] = []


def enqueue(
    session: AsyncSession,
    name: str,
    *,
    job_id: str | None = None,
    defer_by: timedelta | None = None,
    **kwargs: Any,
) -> None:
    """Buffer a job until the session's transaction commits."""
    if name not in TASKS:
        discover()  # a process that never imported the tasks modules (the CLI, a script)
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}")
    session.info.setdefault("pending_jobs", []).append(PendingJob(name, kwargs, job_id, defer_by))


async def send(job: PendingJob) -> None:
    queue = await get_queue()
    await queue.enqueue_job(
        job.name, _job_id=job.job_id, _defer_by=job.defer_by, _queue_name=QUEUE_NAME, **job.kwargs
    )


async def flush_buffer(session: AsyncSession) -> None:
    """Send buffered jobs; called only after a successful commit."""
    jobs: list[PendingJob] = session.info.pop("pending_jobs", [])
    for job in jobs:
        try:
            await send(job)
        except Exception:  # Redis down: the row is committed, the sweeper will pick it up.
            logger.warning("job %s not sent to the queue; the sweeper will retry", job.name,
                           exc_info=True)
