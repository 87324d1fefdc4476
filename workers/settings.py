"""ARQ WorkerSettings, built from the task registry of `app/core/jobs.py`.

Domains register tasks by having an `app/<domain>/tasks.py`; this module imports every one
of them, so adding a domain never means editing the worker. Cron sweepers run inside the
workers (ARQ has no separate scheduler); `unique` crons are enqueued once per tick however
many workers run.

`WorkerSettings` is built on first access (module `__getattr__`), not at import: building it
resolves the settings, which may start the embedded servers. `arq workers.settings.WorkerSettings`
works as well as `vigie worker`.
"""

import asyncio
import logging
from datetime import UTC, timedelta
from functools import lru_cache
from typing import Any

from arq import cron
from arq.cron import CronJob
from arq.worker import Function, check_health, create_worker, func

from app.core import jobs

logger = logging.getLogger(__name__)

# Defaults for tasks that do not set their own; every TaskSpec carries explicit values anyway.
JOB_TIMEOUT = timedelta(minutes=5)
MAX_TRIES = 5
# Results are never read (the database row is the truth); keep them just long enough to debug.
KEEP_RESULT = timedelta(minutes=1)
HEALTH_CHECK_INTERVAL = timedelta(seconds=30)
# On SIGTERM, stop picking jobs and let running ones finish for this long before cancelling.
JOB_COMPLETION_WAIT_S = 20
# A sweep that outlives its minute is cut; the next tick sweeps again, so sweeps never pile up.
SWEEP_TIMEOUT = timedelta(seconds=55)


def discover_task_modules() -> list[str]:
    return jobs.discover()


async def ping(_ctx: dict[str, Any]) -> str:
    """Always registered: ARQ refuses to start with no function, and smoke tests need one."""
    return "pong"


def build_functions() -> list[Function]:
    specs = list(jobs.TASKS.values())
    functions = [func(s.func, name=s.name, timeout=s.timeout, max_tries=s.max_tries)
                 for s in specs]
    return [*functions, func(ping, name="worker.ping", timeout=5, max_tries=1)]


def build_crons() -> list[CronJob]:
    # The "cron:" prefix keeps sweeper names apart from task names: ARQ keeps both in one map.
    return [
        cron(s.func, name=f"cron:{s.name}", minute=s.minute, second=s.second,
             run_at_startup=True, unique=True, timeout=SWEEP_TIMEOUT, max_tries=1)
        for s in jobs.CRONS.values()
    ]


async def on_startup(ctx: dict[str, Any]) -> None:
    from app.core.embedded import resolve_settings
    from app.core.logging import configure_logging

    settings = resolve_settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    ctx["settings"] = settings
    logger.info("worker ready", extra={"tasks": sorted(jobs.TASKS), "crons": sorted(jobs.CRONS)})


async def on_shutdown(_ctx: dict[str, Any]) -> None:
    from app.core.db import close_database
    from app.listening import enrichment

    enrichment.close()
    await jobs.close_queue()
    await close_database()


@lru_cache
def worker_settings() -> type:
    """The WorkerSettings class; resolves settings (and embedded servers) on first call."""
    from app.core.embedded import resolve_settings

    resolve_settings()
    discover_task_modules()
    attributes: dict[str, Any] = {
        "functions": build_functions(),
        "cron_jobs": build_crons(),
        "queue_name": jobs.QUEUE_NAME,
        "redis_settings": jobs.redis_settings(),
        "job_serializer": jobs.serialize,
        "job_deserializer": jobs.deserialize,
        "job_timeout": JOB_TIMEOUT,
        "max_tries": MAX_TRIES,
        "keep_result": KEEP_RESULT,
        "health_check_interval": HEALTH_CHECK_INTERVAL,
        "job_completion_wait": JOB_COMPLETION_WAIT_S,
        "max_jobs": 10,
        # Cron minutes mean the same thing on every host, whatever its local time zone.
        "timezone": UTC,
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
    }
    return type("WorkerSettings", (), attributes)


def __getattr__(name: str) -> Any:
    if name == "WorkerSettings":
        return worker_settings()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_worker(burst: bool = False) -> None:
    """Run a worker until SIGINT/SIGTERM (or, with `burst`, until the queue is empty)."""
    # ARQ's Worker takes the current event loop; give it a fresh one rather than rely on
    # the deprecated implicit creation.
    asyncio.set_event_loop(asyncio.new_event_loop())
    create_worker(worker_settings(), burst=burst).run()


def worker_healthy() -> bool:
    """True when a worker recorded its health key recently (for container health checks)."""
    return check_health(worker_settings()) == 0
