"""Watches: what to listen for, where. Services flush; the request commits."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.connectors.errors import ConnectorError
from app.core.crypto import encrypt
from app.core.errors import Invalid
from app.listening import sources as source_runs
from app.listening.collection import enqueue_collect
from app.listening.models import Watch, WatchSource, WatchStatus
from app.listening.pipeline import brand_mask, reach_of, sentiment_text
from app.listening.query import Query, QuerySyntaxError, highlight_terms, parse, to_string
from app.listening.sentiment import get_analyzer
from app.listening.watch_repository import WatchSourceRepository
from app.listening.watch_schemas import (
    PreviewItem,
    PreviewRequest,
    PreviewResponse,
    PreviewSourceResult,
    SourceHealth,
    SourceSpec,
    WatchCreate,
    WatchRead,
    WatchUpdate,
)
from app.tenancy.models import Workspace


def parse_query(text: str) -> Query:
    """The watch query, or a 422 that points at the error in it."""
    try:
        return parse(text)
    except QuerySyntaxError as exc:
        raise Invalid(f"query: {exc.message}", code="invalid_query", position=exc.position,
                      length=exc.length) from None


def _sources(watch: Watch, specs: Sequence[SourceSpec]) -> list[WatchSource]:
    return [WatchSource(organization_id=watch.organization_id, workspace_id=watch.workspace_id,
                        watch_id=watch.id, source=spec.source, options=spec.options(),
                        secret=encrypt(spec.api_key) if spec.api_key else None)
            for spec in specs]


async def create_watch(session: AsyncSession, principal: Principal, workspace: Workspace,
                       data: WatchCreate) -> Watch:
    query = parse_query(data.query)
    watch = Watch(organization_id=workspace.organization_id, workspace_id=workspace.id,
                  name=data.name, kind=data.kind, query=to_string(query),
                  languages=data.languages, interval_minutes=data.interval_minutes,
                  status=data.status, created_by=principal.user_id)
    session.add(watch)
    await session.flush()
    sources = _sources(watch, data.sources)
    session.add_all(sources)
    await session.flush()
    if watch.status == WatchStatus.active:  # its first collection, without waiting for cron
        await _collect(session, sources)
    return watch


async def update_watch(session: AsyncSession, principal: Principal, watch: Watch,
                       data: WatchUpdate) -> Watch:
    """Apply `data`. New sources, or a watch resumed, collect at once, as a new watch does:
    whoever just changed the feed or resumed listening expects to see what it brings."""
    changes = data.model_dump(exclude_unset=True, exclude_none=True, exclude={"sources"})
    if "query" in changes:
        changes["query"] = to_string(parse_query(changes["query"]))
    resumed = watch.status == WatchStatus.paused and changes.get("status") == WatchStatus.active
    for key, value in changes.items():
        setattr(watch, key, value)
    watch.updated_at = datetime.now(UTC)
    sources: list[WatchSource] | None = None
    if data.sources is not None:
        # New sources start afresh: a changed query or feed invalidates the old cursors.
        await WatchSourceRepository(session, principal).delete_for_watch(watch.id)
        sources = _sources(watch, data.sources)
        session.add_all(sources)
    await session.flush()
    if watch.status == WatchStatus.active:
        if sources is not None:
            await _collect(session, sources)
        elif resumed:
            await collect_now(session, principal, watch)
    return watch


async def collect_now(session: AsyncSession, principal: Principal, watch: Watch) -> None:
    """Run every source of the watch as soon as a worker is free."""
    await _collect(session, (await WatchSourceRepository(session, principal)
                             .for_watches([watch.id]))[watch.id])


async def _collect(session: AsyncSession, rows: Sequence[WatchSource]) -> None:
    now = datetime.now(UTC)
    for row in rows:
        row.next_run_at = now
        # A fresh job id each time: ARQ keeps finished ids for a while and would drop a
        # second "collect now" within the same second. The row's lease stops double runs.
        enqueue_collect(session, row.id, row.organization_id, row.workspace_id,
                        suffix=f"now-{uuid.uuid4().hex}")
    await session.flush()


def _health(row: WatchSource) -> SourceHealth:
    if row.last_error_kind == "auth":
        status = "needs_attention"
    elif row.consecutive_failures:
        status = "failing"
    elif row.last_success_at is None:
        status = "pending"
    else:
        status = "ok"
    return SourceHealth(id=row.id, source=row.source, options=row.options,
                        api_key_set=row.secret is not None, status=status,
                        last_run_at=row.last_run_at, last_success_at=row.last_success_at,
                        last_error_at=row.last_error_at, last_error_kind=row.last_error_kind,
                        last_error=row.last_error, next_run_at=row.next_run_at,
                        items_total=row.items_total)


async def read_watches(session: AsyncSession, principal: Principal,
                       watches: Sequence[Watch]) -> list[WatchRead]:
    by_watch = await WatchSourceRepository(session, principal).for_watches(
        [w.id for w in watches])
    return [WatchRead(id=w.id, workspace_id=w.workspace_id, name=w.name, kind=w.kind,
                      query=w.query, languages=w.languages, interval_minutes=w.interval_minutes,
                      status=w.status, sources=[_health(r) for r in by_watch[w.id]],
                      created_at=w.created_at, updated_at=w.updated_at) for w in watches]


async def preview(data: PreviewRequest) -> PreviewResponse:
    """Run a draft query once against its sources; nothing is stored."""
    specs = [(s.source, {**s.options(), **({"api_key": s.api_key} if s.api_key else {})}, None)
             for s in data.sources]
    return await _preview(parse_query(data.query), data.languages, specs, data.limit)


async def preview_saved(session: AsyncSession, principal: Principal, watch: Watch
                        ) -> PreviewResponse:
    rows = (await WatchSourceRepository(session, principal).for_watches([watch.id]))[watch.id]
    specs = [(r.source, dict(r.options), r.secret) for r in rows]
    return await _preview(parse_query(watch.query), watch.languages, specs, 30)


def _source_report(source: str, options: dict[str, Any], outcome: object
                   ) -> PreviewSourceResult:
    public = {k: str(v) for k, v in options.items() if k != "api_key"}
    if isinstance(outcome, source_runs.Outcome):
        return PreviewSourceResult(source=source, options=public,
                                   fetched=len(outcome.result.items), matched=len(outcome.items))
    if isinstance(outcome, ConnectorError):
        return PreviewSourceResult(source=source, options=public, fetched=0, matched=0,
                                   error_kind=outcome.kind, error=outcome.message)
    return PreviewSourceResult(source=source, options=public, fetched=0, matched=0,
                               error_kind="timeout", error="The source did not answer in time")


async def _preview(query: Query, languages: Sequence[str],
                   specs: list[tuple[str, dict[str, Any], str | None]], limit: int
                   ) -> PreviewResponse:
    outcomes = await source_runs.preview(query, languages, specs)
    report = [_source_report(spec[0], spec[1], outcome)
              for spec, outcome in zip(specs, outcomes, strict=True)]
    items = [i for o in outcomes if isinstance(o, source_runs.Outcome) for i in o.items]
    items = sorted(items, key=lambda i: i.published_at, reverse=True)[:limit]
    mask = brand_mask(highlight_terms(query))
    sentiments = get_analyzer().analyze_many([sentiment_text(i, mask) for i in items],
                                             [i.lang_hint for i in items])
    return PreviewResponse(sources=report, items=[
        PreviewItem(source=i.source, url=i.url, title=i.title, text=i.text[:1000],
                    author=i.author, published_at=i.published_at, lang=i.lang_hint,
                    sentiment=s.label, sentiment_score=s.score, reach=reach_of(i.reach))
        for i, s in zip(items, sentiments, strict=True)])
