"""Inbox statistics: volume over time, sentiment split, share of voice, top sources and
authors. Aggregated by PostgreSQL over a bounded range of `ix_mentions_ws_published`.

Time buckets are wall-clock hours, days or ISO weeks (Monday) of the workspace's time zone,
so "Tuesday" means the client's Tuesday. Mentions marked irrelevant are noise, not voice:
they are left out. Share of voice always compares every watch of the workspace, whatever
`watch_id` narrows the other figures to.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.core.errors import Invalid
from app.listening.inbox_repository import (
    MentionRepository,
    WatchLookup,
    effective_sentiment,
    in_watch,
)
from app.listening.inbox_schemas import as_utc
from app.listening.models import Mention, MentionStatus, SentimentLabel
from app.tenancy.models import Workspace

Interval = Literal["hour", "day", "week"]
DEFAULT_RANGE = timedelta(days=30)
MAX_RANGE = timedelta(days=366)
# "The last 366 days" computed by a client a moment before the server's `now` still passes.
CLOCK_SLACK = timedelta(hours=1)
TOP = 10
# Far enough for any real use; keeps local-time arithmetic away from datetime's limits.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


class VolumeBucket(BaseModel):
    bucket: datetime
    count: int
    negative: int
    neutral: int
    positive: int


class ShareOfVoice(BaseModel):
    watch_id: uuid.UUID
    name: str
    kind: str
    count: int
    share: float


class TopSource(BaseModel):
    source: str
    count: int


class TopAuthor(BaseModel):
    author: str
    source: str
    author_url: str | None
    count: int


class MentionStats(BaseModel):
    since: datetime
    until: datetime
    interval: Interval
    timezone: str
    total: int
    volume: list[VolumeBucket]
    sentiment: dict[SentimentLabel, int]
    share_of_voice: list[ShareOfVoice]
    top_sources: list[TopSource]
    top_authors: list[TopAuthor]


@dataclass(frozen=True)
class StatsRange:
    since: datetime
    until: datetime
    interval: Interval
    watch_id: uuid.UUID | None = None

    @classmethod
    def build(cls, since: datetime | None, until: datetime | None, interval: Interval,
              watch_id: uuid.UUID | None) -> "StatsRange":
        until = _bounded(as_utc(until) or datetime.now(UTC))
        since = _bounded(as_utc(since) or until - DEFAULT_RANGE)
        if since >= until:
            raise Invalid("since must be before until", code="validation_error")
        if until - since > MAX_RANGE + CLOCK_SLACK:
            raise Invalid("The range is at most 366 days", code="range_too_long")
        return cls(since, until, interval, watch_id)


def _bounded(value: datetime) -> datetime:
    if not EARLIEST <= value <= LATEST:
        raise Invalid("since and until must lie between 1970 and 2200", code="validation_error")
    return value


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _truncate(local: datetime, interval: Interval) -> datetime:
    """Python's twin of PostgreSQL date_trunc on a local (naive) timestamp."""
    day = local.replace(minute=0, second=0, microsecond=0)
    if interval == "hour":
        return day
    day = day.replace(hour=0)
    return day - timedelta(days=day.weekday()) if interval == "week" else day


def _buckets(r: StatsRange, zone: ZoneInfo) -> Iterator[datetime]:
    """Every local bucket of the range, so quiet periods show as zeros, not as gaps."""
    current = _truncate(r.since.astimezone(zone).replace(tzinfo=None), r.interval)
    end = r.until.astimezone(zone).replace(tzinfo=None)
    while current < end:
        yield current
        current += _STEP[r.interval]


class StatsQueries(MentionRepository):
    def scope(self, workspace: Workspace, r: StatsRange, *, by_watch: bool = True
              ) -> list[sa.ColumnElement[bool]]:
        clauses = [*self.in_workspace(workspace.id), Mention.published_at >= r.since,
                   Mention.published_at < r.until, Mention.status != MentionStatus.irrelevant]
        if by_watch and r.watch_id:
            clauses.append(in_watch(Mention, r.watch_id))
        return clauses

    async def volume(self, workspace: Workspace, r: StatsRange
                     ) -> dict[datetime, tuple[int, int, int, int]]:
        local = Mention.published_at.op("AT TIME ZONE", return_type=sa.DateTime())(
            workspace.timezone)
        rows = sa.select(sa.func.date_trunc(r.interval, local).label("bucket"),
                         effective_sentiment(Mention).label("label")
                         ).where(*self.scope(workspace, r)).subquery()
        counts = [sa.func.count().filter(rows.c.label == s.value) for s in SentimentLabel]
        stmt = sa.select(rows.c.bucket, sa.func.count(), *counts).group_by(rows.c.bucket)
        return {b: (n, neg, neu, pos) for b, n, neg, neu, pos in
                (await self.session.execute(stmt)).all()}

    async def per_watch(self, workspace: Workspace, r: StatsRange) -> dict[uuid.UUID, int]:
        ids = sa.select(sa.func.unnest(Mention.watch_ids).label("watch_id")).where(
            *self.scope(workspace, r, by_watch=False)).subquery()
        stmt = sa.select(ids.c.watch_id, sa.func.count()).group_by(ids.c.watch_id)
        return {w: n for w, n in (await self.session.execute(stmt)).all()}

    async def top_sources(self, workspace: Workspace, r: StatsRange) -> list[TopSource]:
        n = sa.func.count().label("n")
        stmt = (sa.select(Mention.source, n).where(*self.scope(workspace, r))
                .group_by(Mention.source).order_by(n.desc(), Mention.source).limit(TOP))
        return [TopSource(source=s, count=c) for s, c in (await self.session.execute(stmt))]

    async def top_authors(self, workspace: Workspace, r: StatsRange) -> list[TopAuthor]:
        n = sa.func.count().label("n")
        stmt = (sa.select(Mention.author, Mention.source, sa.func.max(Mention.author_url), n)
                .where(*self.scope(workspace, r), Mention.author.is_not(None))
                .group_by(Mention.author, Mention.source)
                .order_by(n.desc(), Mention.author).limit(TOP))
        return [TopAuthor(author=a, source=s, author_url=u, count=c)
                for a, s, u, c in (await self.session.execute(stmt))]


async def _share_of_voice(session: AsyncSession, principal: Principal, queries: StatsQueries,
                          workspace: Workspace, r: StatsRange) -> list[ShareOfVoice]:
    counts = await queries.per_watch(workspace, r)
    watches = await WatchLookup(session, principal).all_in(workspace.id)
    total = sum(counts.get(w.id, 0) for w in watches)
    return [ShareOfVoice(watch_id=w.id, name=w.name, kind=w.kind, count=counts.get(w.id, 0),
                         share=round(counts.get(w.id, 0) / total, 4) if total else 0.0)
            for w in watches]


async def mention_stats(session: AsyncSession, principal: Principal, workspace: Workspace,
                        r: StatsRange) -> MentionStats:
    queries = StatsQueries(session, principal)
    zone = _zone(workspace.timezone)
    counts = await queries.volume(workspace, r)
    volume = [VolumeBucket(bucket=b.replace(tzinfo=zone), count=n, negative=neg, neutral=neu,
                           positive=pos)
              for b in _buckets(r, zone) for n, neg, neu, pos in [counts.get(b, (0, 0, 0, 0))]]
    sentiment = {s: sum(getattr(v, s.value) for v in volume) for s in SentimentLabel}
    return MentionStats(
        since=r.since, until=r.until, interval=r.interval, timezone=zone.key,
        total=sum(v.count for v in volume), volume=volume, sentiment=sentiment,
        share_of_voice=await _share_of_voice(session, principal, queries, workspace, r),
        top_sources=await queries.top_sources(workspace, r),
        top_authors=await queries.top_authors(workspace, r))
