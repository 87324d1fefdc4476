"""Run the real ARQ worker (the production WorkerSettings) inside a test."""

import asyncio
import contextlib
import time

from arq.worker import create_worker

from app.core import jobs
from workers.settings import build_crons, worker_settings


async def _ready_jobs() -> int:
    queue = await jobs.get_queue()
    return int(await queue.zcount(jobs.QUEUE_NAME, "-inf", int(time.time() * 1000)))


async def run_worker(*, crons: tuple[str, ...] = (), max_jobs: int = -1,
                     seconds: float = 60) -> None:
    """Process every job that is ready, then stop; the named crons fire once at startup.

    Deferred jobs (a retry in a minute, an evaluation at the end of the minute) are left in
    the queue, as a real worker would leave them until they are due. With `max_jobs`, stop
    after that many jobs instead (ARQ's burst mode).
    """
    cron_jobs = [c for c in build_crons() if c.name.removeprefix("cron:") in crons]
    burst = max_jobs > 0
    worker = create_worker(worker_settings(), burst=burst, poll_delay=0.02,
                           cron_jobs=cron_jobs, max_burst_jobs=max_jobs, handle_signals=False,
                           on_startup=None, on_shutdown=None)
    main = asyncio.create_task(worker.main())
    try:
        if burst:
            await asyncio.wait_for(main, timeout=seconds)
            return
        deadline = time.monotonic() + seconds
        idle_polls = 0
        while idle_polls < 5:  # a few quiet polls: jobs may enqueue follow-up jobs
            if time.monotonic() > deadline:
                raise TimeoutError("jobs still ready or running after the time limit")
            await asyncio.sleep(0.05)
            busy = worker.tasks or worker.job_tasks or await _ready_jobs()
            idle_polls = 0 if busy else idle_polls + 1
    finally:
        if not main.done():
            main.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await main
        await worker.close()
