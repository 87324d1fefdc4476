"""Run the real ARQ worker (the production WorkerSettings) in burst mode inside a test."""

import asyncio

from arq.worker import create_worker

from workers.settings import build_crons, worker_settings


async def run_worker(*, crons: tuple[str, ...] = (), max_jobs: int = -1,
                     seconds: float = 60) -> None:
    """Process the queue until it is empty; the named crons fire once at startup."""
    cron_jobs = [c for c in build_crons() if c.name.removeprefix("cron:") in crons]
    worker = create_worker(worker_settings(), burst=True, poll_delay=0.02, cron_jobs=cron_jobs,
                           max_burst_jobs=max_jobs, handle_signals=False, on_startup=None,
                           on_shutdown=None)
    try:
        await asyncio.wait_for(worker.main(), timeout=seconds)
    finally:
        await worker.close()
