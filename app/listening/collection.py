"""Collection runs: the scheduler leases due sources, a job collects one source.

The `watch_sources` row is the truth. The scheduler (cron, every minute) leases due rows for
ten minutes and enqueues one `listening.collect` job per row; the job claims the row
(`state = running`), collects outside any transaction, then stores the mentions and the new
cursor in one transaction. A worker killed mid-run leaves an expiring lease: the scheduler
picks the row up again and the next run resumes from the last committed cursor.
"""

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.service import schedule_evaluation
from app.connectors.errors import ConnectorError, RateLimitedError
from app.core import jobs
from app.core.db import TenantScope, system_session, tenant_session
from app.listening import sources
from app.listening.models import SourceState, Watch, WatchSource
from app.listening.pipeline import ingest
from app.listening.query import highlight_terms, parse

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)

_DUE = sa.text("""
UPDATE watch_sources s SET lease_until = now() + make_interval(secs => :lease),
    state = 'queued'  -- a 'running' row whose lease expired belonged to a dead worker
WHERE s.id IN (
    SELECT s2.id FROM watch_sources s2 JOIN watches w ON w.id = s2.watch_id
    WHERE w.status = 'active' AND s2.next_run_at <= now()
      AND (s2.lease_until IS NULL OR s2.lease_until < now())
    ORDER BY s2.next_run_at LIMIT :limit
    FOR UPDATE OF s2 SKIP LOCKED)
RETURNING s.id, s.organization_id, s.workspace_id, s.lease_until
""")


async def schedule_due(limit: int = 500) -> int:
    """Lease the due sources of every tenant and enqueue their collection."""
    async with system_session() as session:
        rows = (await session.execute(_DUE, {"lease": LEASE.total_seconds(),
                                             "limit": limit})).all()
        for row in rows:
            enqueue_collect(session, row.id, row.organization_id, row.workspace_id,
                            suffix=str(int(row.lease_until.timestamp())))
    return len(rows)


def enqueue_collect(session: AsyncSession, source_id: uuid.UUID, organization_id: uuid.UUID,
                    workspace_id: uuid.UUID, *, suffix: str) -> None:
    jobs.enqueue(session, "listening.collect", job_id=f"collect:{source_id}:{suffix}",
                 source_id=str(source_id), organization_id=str(organization_id),
                 workspace_id=str(workspace_id))


def worker_scope(organization_id: uuid.UUID) -> TenantScope:
    """A worker acts for the organization that owns the row it works on."""
    return TenantScope(organization_ids={organization_id},
                       admin_organization_ids={organization_id})


_CLAIM = sa.text("""
UPDATE watch_sources SET state = 'running', last_run_at = now(),
    lease_until = now() + make_interval(secs => :lease)
WHERE id = :id AND (state <> 'running' OR lease_until IS NULL OR lease_until < now())
RETURNING id, lease_until
""")


async def _claim(source_id: uuid.UUID, organization_id: uuid.UUID
                 ) -> tuple[WatchSource, Watch, datetime] | None:
    async with tenant_session(worker_scope(organization_id)) as session:
        claimed = (await session.execute(_CLAIM, {"id": source_id,
                                                  "lease": LEASE.total_seconds()})).first()
        if claimed is None:
            return None
        source = await session.get(WatchSource, source_id)
        watch = await session.get(Watch, source.watch_id) if source else None
        if source is None or watch is None:
            return None
        session.expunge_all()
        return source, watch, claimed.lease_until


async def collect_source(source_id: uuid.UUID, organization_id: uuid.UUID) -> dict[str, Any]:
    """One run of one source. Returns a summary for the job log."""
    claimed = await _claim(source_id, organization_id)
    if claimed is None:
        return {"skipped": "already running or gone"}
    source, watch, lease = claimed
    try:
        outcome = await sources.collect(watch, source)
    except ConnectorError as exc:
        await _record_failure(source_id, organization_id, watch, lease, exc)
        return {"error": exc.kind}
    async with tenant_session(worker_scope(organization_id)) as session:
        row = await session.get(WatchSource, source_id, with_for_update=True)
        if row is None or row.lease_until != lease:
            return {"skipped": "lease lost"}  # another run took over; its result wins
        result = await ingest(session, organization_id=organization_id,
                              workspace_id=watch.workspace_id, watch_id=watch.id,
                              items=outcome.items,
                              brand_terms=highlight_terms(parse(watch.query)))
        now = datetime.now(UTC)
        row.cursor = outcome.result.cursor
        row.items_total += result.inserted
        row.last_success_at = now
        row.consecutive_failures = 0
        row.last_error_kind = None
        row.last_error = None
        _release(row, watch, now, outcome.result.retry_after)
        # Every run, not only those with new mentions: evaluation also re-sends notifications
        # held back by a cooldown. Deduplicated per workspace and minute.
        await schedule_evaluation(session, organization_id, watch.workspace_id)
    return {"fetched": len(outcome.result.items), "matched": len(outcome.items),
            "inserted": result.inserted, "duplicates": result.duplicates}


def _release(row: WatchSource, watch: Watch, now: datetime,
             retry_after: float | None = None, delay: timedelta | None = None) -> None:
    wait = delay or timedelta(minutes=watch.interval_minutes)
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    row.state = SourceState.idle
    row.lease_until = None
    row.next_run_at = now + wait


async def _record_failure(source_id: uuid.UUID, organization_id: uuid.UUID, watch: Watch,
                          lease: datetime, exc: ConnectorError) -> None:
    async with tenant_session(worker_scope(organization_id)) as session:
        row = await session.get(WatchSource, source_id, with_for_update=True)
        if row is None or row.lease_until != lease:
            return
        now = datetime.now(UTC)
        row.consecutive_failures += 1
        row.last_error_at = now
        row.last_error_kind = exc.kind
        row.last_error = exc.message[:500]
        backoff = min(timedelta(minutes=watch.interval_minutes) * 2 ** row.consecutive_failures,
                      MAX_BACKOFF)
        retry_after = exc.retry_after if isinstance(exc, RateLimitedError) else None
        _release(row, watch, now, retry_after, backoff)
        logger.warning("collection failed", extra={"source_id": str(source_id),
                                                   "kind": exc.kind, "error": exc.message})
