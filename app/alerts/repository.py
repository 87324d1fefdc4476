"""Alert queries. API repositories apply the caller's tenant filter (TenantRepository);
`WorkspaceAlerts` is what a worker acting for one workspace reads and locks, filtered on that
workspace here, once. Row-level security is the second lock behind both."""

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.detection import EVIDENCE_PER_TRIGGER, WindowCounts
from app.alerts.models import Alert, AlertKind, AlertRule, AlertStatus
from app.core.pagination import PageParams
from app.core.repository import TenantRepository
from app.listening.models import Mention, MentionStatus, SentimentLabel, Watch
from app.tenancy.models import Workspace

# Mentions triaged as irrelevant (false positives of a watch) never feed an alert.
_LIVE = Mention.status != MentionStatus.irrelevant
_NEGATIVE = sa.func.coalesce(Mention.sentiment_corrected,
                             Mention.sentiment_label) == SentimentLabel.negative.value
PENDING_BATCH = 200


class AlertRuleRepository(TenantRepository[AlertRule]):
    model = AlertRule
    not_found = "Alert rule not found"

    async def in_workspace(self, workspace_id: uuid.UUID, rule_id: uuid.UUID) -> AlertRule:
        return await self.get(rule_id, AlertRule.workspace_id == workspace_id)


class AlertRepository(TenantRepository[Alert]):
    model = Alert
    not_found = "Alert not found"

    async def in_workspace(self, workspace_id: uuid.UUID, alert_id: uuid.UUID) -> Alert:
        return await self.get(alert_id, Alert.workspace_id == workspace_id)

    async def page_in_workspace(self, workspace_id: uuid.UUID, params: PageParams, *,
                                status: AlertStatus | None = None,
                                kind: AlertKind | None = None
                                ) -> tuple[list[Alert], str | None]:
        where = [Alert.workspace_id == workspace_id]
        if status is not None:
            where.append(Alert.status == status)
        if kind is not None:
            where.append(Alert.kind == kind)
        return await self.page(params, *where)


class EvidenceRepository(TenantRepository[Mention]):
    model = Mention

    async def by_ids(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[Mention]:
        """The mentions still there, in the order of `ids` (the evidence's order)."""
        if not ids:
            return []
        rows = (await self.session.scalars(self.select().where(
            Mention.workspace_id == workspace_id, Mention.id.in_(list(ids))))).all()
        found = {m.id: m for m in rows}
        return [found[i] for i in ids if i in found]


class WatchRepository(TenantRepository[Watch]):
    model = Watch

    async def exists_in_workspace(self, workspace_id: uuid.UUID, watch_id: uuid.UUID) -> bool:
        stmt = sa.select(sa.exists().where(self.tenant_filter(), Watch.id == watch_id,
                                           Watch.workspace_id == workspace_id))
        return bool(await self.session.scalar(stmt))


class WorkspaceAlerts:
    """Queries of an alerts worker acting for one workspace."""

    def __init__(self, session: AsyncSession, organization_id: uuid.UUID,
                 workspace_id: uuid.UUID) -> None:
        self.session = session
        self.organization_id = organization_id
        self.workspace_id = workspace_id

    def _mine(self, model: Any) -> sa.ColumnElement[bool]:
        return sa.and_(model.organization_id == self.organization_id,
                       model.workspace_id == self.workspace_id)

    def _mentions(self, watch_id: uuid.UUID | None) -> list[sa.ColumnElement[bool]]:
        where = [self._mine(Mention), _LIVE]
        if watch_id is not None:  # `@>` so that the GIN index on watch_ids serves it
            where.append(Mention.watch_ids.op("@>")(
                sa.literal([watch_id], postgresql.ARRAY(sa.Uuid()))))
        return where

    async def workspace(self) -> Workspace | None:
        return await self.session.scalar(sa.select(Workspace).where(
            Workspace.id == self.workspace_id, Workspace.organization_id == self.organization_id))

    async def enabled_rules_for_update(self) -> Sequence[AlertRule]:
        # Locked for the evaluation: two evaluations of one workspace take turns, so a
        # watermark is never read twice and a storm never opens two alerts.
        return (await self.session.scalars(
            sa.select(AlertRule).where(self._mine(AlertRule), AlertRule.enabled.is_(True))
            .order_by(AlertRule.created_at, AlertRule.id).with_for_update())).all()

    async def rule(self, rule_id: uuid.UUID | None) -> AlertRule | None:
        if rule_id is None:
            return None
        return await self.session.scalar(sa.select(AlertRule).where(
            self._mine(AlertRule), AlertRule.id == rule_id))

    async def window_counts(self, watch_id: uuid.UUID | None, *, as_of: datetime,
                            window_minutes: int, baseline_days: int,
                            since: datetime | None) -> WindowCounts:
        start = as_of - timedelta(minutes=window_minutes)
        in_window = Mention.published_at > start
        is_new = Mention.collected_at > since if since is not None else sa.true()

        def count(*conditions: sa.ColumnElement[bool]) -> Any:
            return sa.func.count().filter(*conditions)

        stmt = sa.select(
            count(in_window), count(~in_window), count(in_window, is_new),
            count(in_window, _NEGATIVE), count(~in_window, _NEGATIVE),
            count(in_window, _NEGATIVE, is_new),
        ).where(*self._mentions(watch_id), Mention.collected_at <= as_of,
                Mention.published_at <= as_of,
                Mention.published_at > start - timedelta(days=baseline_days))
        row = (await self.session.execute(stmt)).one()
        return WindowCounts(*row)

    async def window_evidence(self, watch_id: uuid.UUID | None, *, as_of: datetime,
                              window_minutes: int, negative: bool) -> list[uuid.UUID]:
        """The window's most visible mentions (highest reach, then most recent)."""
        stmt = sa.select(Mention.id).where(
            *self._mentions(watch_id), Mention.collected_at <= as_of,
            Mention.published_at <= as_of,
            Mention.published_at > as_of - timedelta(minutes=window_minutes))
        if negative:
            stmt = stmt.where(_NEGATIVE)
        stmt = stmt.order_by(Mention.reach.desc(), Mention.published_at.desc()) \
            .limit(EVIDENCE_PER_TRIGGER)
        return list((await self.session.scalars(stmt)).all())

    async def new_mentions(self, watch_id: uuid.UUID | None, *, after: datetime,
                           until: datetime, chunk: int = 500) -> AsyncIterator[Sequence[Any]]:
        """Mentions collected in (after, until], in chunks, oldest first (keyset pages)."""
        last: tuple[datetime, uuid.UUID] | None = None
        while True:
            stmt = sa.select(Mention.id, Mention.title, Mention.text, Mention.published_at,
                             Mention.collected_at).where(
                *self._mentions(watch_id), Mention.collected_at > after,
                Mention.collected_at <= until)
            if last is not None:
                stmt = stmt.where(sa.tuple_(Mention.collected_at, Mention.id) > sa.tuple_(*last))
            rows = (await self.session.execute(
                stmt.order_by(Mention.collected_at, Mention.id).limit(chunk))).all()
            if not rows:
                return
            yield rows
            last = (rows[-1].collected_at, rows[-1].id)

    async def high_reach(self, watch_id: uuid.UUID | None, *, after: datetime,
                         until: datetime, min_reach: int) -> tuple[int, list[Any]]:
        """How many new mentions reach `min_reach`, and the biggest of them."""
        where = [*self._mentions(watch_id), Mention.collected_at > after,
                 Mention.collected_at <= until, Mention.reach >= min_reach]
        count = int(await self.session.scalar(
            sa.select(sa.func.count()).select_from(Mention).where(*where)) or 0)
        if not count:
            return 0, []
        top = (await self.session.execute(
            sa.select(Mention.id, Mention.author, Mention.reach).where(*where)
            .order_by(Mention.reach.desc(), Mention.published_at.desc())
            .limit(EVIDENCE_PER_TRIGGER))).all()
        return count, list(top)

    async def mentions(self, ids: Sequence[uuid.UUID]) -> list[Mention]:
        """The mentions still there, in the order of `ids`."""
        if not ids:
            return []
        rows = (await self.session.scalars(sa.select(Mention).where(
            self._mine(Mention), Mention.id.in_(list(ids))))).all()
        found = {m.id: m for m in rows}
        return [found[i] for i in ids if i in found]

    async def open_alert_for_update(self, rule_id: uuid.UUID) -> Alert | None:
        """The rule's latest open alert, locked: the one a new trigger may update."""
        return await self.session.scalar(
            sa.select(Alert).where(self._mine(Alert), Alert.rule_id == rule_id,
                                   Alert.status == AlertStatus.open)
            .order_by(Alert.last_triggered_at.desc()).limit(1).with_for_update())

    async def alert_for_update(self, alert_id: uuid.UUID) -> Alert | None:
        return await self.session.scalar(
            sa.select(Alert).where(self._mine(Alert), Alert.id == alert_id).with_for_update())

    async def alerts_with_pending_work(self) -> Sequence[Alert]:
        """Open alerts with occurrences not told yet, and alerts with a Slack retry due."""
        slack_pending = Alert.details["slack"]["status"].astext == "pending"
        untold = sa.and_(Alert.status == AlertStatus.open,
                         Alert.occurrences > Alert.notified_occurrences)
        return (await self.session.scalars(
            sa.select(Alert).where(self._mine(Alert), sa.or_(untold, slack_pending))
            .order_by(Alert.last_triggered_at).limit(PENDING_BATCH))).all()
