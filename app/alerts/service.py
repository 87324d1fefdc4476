"""Alert rules, alerts, and the evaluation that raises them. Services flush, never commit.

Throttling: while a rule's open alert was last triggered within the rule's cooldown, a new
trigger updates it (occurrences grow by the new mentions, evidence merges up to 50 ids)
instead of opening another, so a storm is one alert with a count. An acknowledged alert is
never updated: the next trigger opens a new one. When notifications go out is decided from
the row in notify.py.
"""

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from pydantic import HttpUrl, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts import notify
from app.alerts.detection import (
    KeywordMatcher,
    KeywordScan,
    Trigger,
    merge_evidence,
    merge_facts,
    negative_spike,
    volume_spike,
    within_cooldown,
)
from app.alerts.models import Alert, AlertKind, AlertRule, AlertStatus
from app.alerts.repository import AlertRuleRepository, WatchRepository, WorkspaceAlerts
from app.alerts.schemas import AlertRuleCreate, AlertRuleUpdate, normalize_params, parse_params
from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.crypto import encrypt
from app.core.errors import Invalid
from app.core.jobs import enqueue
from app.core.models import utcnow
from app.tenancy.models import Workspace

logger = logging.getLogger(__name__)

EVALUATE_TASK = "alerts.evaluate"
# How long a mention's transaction may take between stamping collected_at and committing.
# Evaluations look only at mentions collected at least this long ago and run this long after
# their minute ends, so a mention committed late is still seen by a later evaluation.
SETTLE = timedelta(seconds=30)
_SPIKES = (AlertKind.volume_spike, AlertKind.negative_spike)
# PATCH fields where null means something ("every watch", "no Slack"); elsewhere null is
# the same as leaving the field out.
_NULLABLE = {"watch_id", "slack_webhook"}


async def schedule_evaluation(session: AsyncSession, organization_id: uuid.UUID,
                              workspace_id: uuid.UUID, *, now: datetime | None = None) -> None:
    """Have the workspace's rules evaluated soon (the listening pipeline calls this after it
    inserted mentions). Every call within one minute lands on the same job, which runs once
    that minute is over (plus SETTLE) and so sees every mention committed during it."""
    now = now or utcnow()
    minute = now.replace(second=0, microsecond=0)
    run_at = minute + timedelta(minutes=1) + SETTLE
    enqueue(session, EVALUATE_TASK, job_id=f"alerts:evaluate:{workspace_id}:{minute:%Y%m%d%H%M}",
            defer_by=run_at - now, organization_id=str(organization_id),
            workspace_id=str(workspace_id))


# --- rules (API) -------------------------------------------------------------------------

def _invalid(field: str, message: str) -> Invalid:
    """A 422 shaped like FastAPI's own validation errors, naming the field."""
    return Invalid(f"{field}: {message}", code="validation_error",
                   errors=[{"loc": ["body", *field.split(".")], "msg": message,
                            "type": "value_error"}])


async def _check_watch(session: AsyncSession, principal: Principal, workspace_id: uuid.UUID,
                       watch_id: uuid.UUID | None) -> None:
    if watch_id is not None and not await WatchRepository(session, principal) \
            .exists_in_workspace(workspace_id, watch_id):
        raise _invalid("watch_id", "not a watch of this workspace")


def _sealed_webhook(url: HttpUrl | None) -> str | None:
    if url is None:
        return None
    # Plain http is for local fakes; in production the URL (a secret) travels over TLS only.
    if url.scheme != "https" and get_settings().environment == "production":
        raise _invalid("slack_webhook", "must be an https URL")
    return encrypt(str(url))


def _merged_params(kind: AlertKind, current: dict[str, Any],
                   patch: dict[str, Any]) -> dict[str, Any]:
    try:
        return normalize_params(kind, {**current, **patch})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Invalid(f"params.{where}: {first['msg']}", code="validation_error",
                      errors=[{"loc": ["body", "params", *e["loc"]], "msg": e["msg"],
                               "type": e["type"]} for e in exc.errors()]) from None


async def create_rule(session: AsyncSession, principal: Principal, workspace: Workspace,
                      data: AlertRuleCreate) -> AlertRule:
    await _check_watch(session, principal, workspace.id, data.watch_id)
    rule = AlertRule(
        organization_id=workspace.organization_id, workspace_id=workspace.id, name=data.name,
        kind=data.kind, watch_id=data.watch_id, params=data.params,
        notify_emails=[str(e) for e in data.notify_emails],
        slack_webhook=_sealed_webhook(data.slack_webhook),
        notify_webhooks=data.notify_webhooks, cooldown_minutes=data.cooldown_minutes,
        enabled=data.enabled,
        # A new rule judges what arrives from now on, not the backlog.
        evaluated_until=utcnow())
    AlertRuleRepository(session, principal).add(rule)
    await session.flush()
    return rule


async def update_rule(session: AsyncSession, principal: Principal, rule: AlertRule,
                      data: AlertRuleUpdate) -> AlertRule:
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items()
               if v is not None or k in _NULLABLE}
    if "watch_id" in changes:
        await _check_watch(session, principal, rule.workspace_id, data.watch_id)
    if "params" in changes:
        changes["params"] = _merged_params(rule.kind, rule.params, changes["params"])
    if "slack_webhook" in changes:
        changes["slack_webhook"] = _sealed_webhook(data.slack_webhook)
    if "notify_emails" in changes:
        changes["notify_emails"] = [str(e) for e in data.notify_emails or []]
    if changes.get("enabled") and not rule.enabled:
        rule.evaluated_until = utcnow()  # what arrived while it was off is not news
    for key, value in changes.items():
        setattr(rule, key, value)
    rule.updated_at = utcnow()
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, principal: Principal, rule: AlertRule) -> None:
    # Its alerts stay (rule_id becomes null): they are the history of what happened.
    await AlertRuleRepository(session, principal).delete(rule)
    await session.flush()


async def acknowledge(session: AsyncSession, principal: Principal, alert: Alert) -> Alert:
    """Idempotent: acknowledging again keeps the first person and time."""
    if alert.status != AlertStatus.acknowledged:
        alert.status = AlertStatus.acknowledged
        alert.acknowledged_by = principal.user_id
        alert.acknowledged_at = utcnow()
        await session.flush()
    return alert


# --- evaluation (worker) -----------------------------------------------------------------

async def evaluate_workspace(session: AsyncSession, organization_id: uuid.UUID,
                             workspace_id: uuid.UUID, *, now: datetime | None = None) -> int:
    """Evaluate every enabled rule of the workspace; returns how many fired. Also re-queues
    the notifications of the workspace's alerts that are due (their job may have been lost)."""
    now = now or utcnow()
    as_of = now - SETTLE
    store = WorkspaceAlerts(session, organization_id, workspace_id)
    fired = 0
    for rule in await store.enabled_rules_for_update():
        try:
            trigger = await detect(store, rule, as_of)
        except ValidationError:  # params written around the API: skip it, not the others
            logger.warning("alert rule %s has invalid params; not evaluated", rule.id)
            continue
        if rule.evaluated_until is None or rule.evaluated_until < as_of:
            rule.evaluated_until = as_of
        if trigger is not None:
            await record_trigger(session, store, rule, trigger, now)
            fired += 1
    await session.flush()
    await notify.schedule_pending(session, store, now)
    return fired


async def detect(store: WorkspaceAlerts, rule: AlertRule, as_of: datetime) -> Trigger | None:
    """Whether the rule fires on the mentions known at `as_of`."""
    params = parse_params(rule.kind, rule.params)
    since = rule.evaluated_until or rule.created_at
    if rule.kind in _SPIKES:
        return await _detect_spike(store, rule, params, as_of, since)
    if rule.kind == AlertKind.keyword:
        scan = KeywordScan(KeywordMatcher(tuple(params.keywords)))
        async for rows in store.new_mentions(rule.watch_id, after=since, until=as_of):
            for row in rows:
                scan.add(row.id, row.title, row.text, row.published_at)
        return scan.trigger()
    count, top = await store.high_reach(rule.watch_id, after=since, until=as_of,
                                        min_reach=params.min_reach)
    if not count:
        return None
    authors = list(dict.fromkeys(t.author for t in top if t.author))[:3]
    facts = {"count": count, "min_reach": params.min_reach, "max_reach": top[0].reach,
             "authors": authors}
    return Trigger(count, count, [t.id for t in top], facts)


async def _detect_spike(store: WorkspaceAlerts, rule: AlertRule, params: Any,
                        as_of: datetime, since: datetime) -> Trigger | None:
    negative = rule.kind == AlertKind.negative_spike
    counts = await store.window_counts(rule.watch_id, as_of=as_of,
                                       window_minutes=params.window_minutes,
                                       baseline_days=params.baseline_days, since=since)
    facts = negative_spike(counts, params) if negative else volume_spike(counts, params)
    new = counts.new_negative if negative else counts.new
    # A spike already reported and fed by no new mention is not news.
    if facts is None or new == 0:
        return None
    evidence = await store.window_evidence(rule.watch_id, as_of=as_of,
                                           window_minutes=params.window_minutes,
                                           negative=negative)
    return Trigger(facts["count"], new, evidence, facts)


async def record_trigger(session: AsyncSession, store: WorkspaceAlerts, rule: AlertRule,
                         trigger: Trigger, now: datetime) -> Alert:
    """Update the rule's open alert if the storm is still on, else open a new alert."""
    alert = await store.open_alert_for_update(rule.id)
    if alert is not None and within_cooldown(alert.last_triggered_at, now,
                                             rule.cooldown_minutes):
        alert.occurrences += trigger.new_count
        alert.mention_ids = merge_evidence(trigger.evidence, alert.mention_ids)
        alert.details = {**alert.details,
                         "facts": merge_facts(alert.details.get("facts", {}), trigger.facts)}
        alert.last_triggered_at = now
        return alert
    alert = Alert(organization_id=rule.organization_id, workspace_id=rule.workspace_id,
                  rule_id=rule.id, kind=rule.kind, title=rule.name,
                  details={"facts": trigger.facts},
                  mention_ids=merge_evidence(trigger.evidence, []),
                  occurrences=trigger.count, first_triggered_at=now, last_triggered_at=now)
    session.add(alert)
    return alert
