"""Telling people about alerts: email, a Slack-compatible incoming webhook, and an event for
the organization's outgoing webhooks.

An alert notifies at most once per cooldown. The first trigger goes out at once; occurrences
gathered afterwards wait until the cooldown since the last notification has passed and then
go out together, as one summary with their count. `notified_at`/`notified_occurrences` are
written in the transaction that queues the emails and the event, so a batch is never told
twice. Slack is the only call leaving the building: it runs in a second transaction so that
a slow or broken Slack never holds the email back. Its state lives in
`alert.details["slack"]`; transient failures are retried with backoff by re-enqueueing this
job under a new id (ARQ only retries its own `Retry`, which domains do not import).
"""

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from cryptography.fernet import InvalidToken
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.detection import next_notification_at, slack_backoff
from app.alerts.models import Alert, AlertKind, AlertRule, AlertStatus
from app.alerts.repository import WorkspaceAlerts
from app.connectors.errors import BlockedAddressError
from app.connectors.http import create_http_client
from app.core.config import get_settings
from app.core.crypto import decrypt
from app.core.jobs import enqueue
from app.core.models import utcnow
from app.events.service import publish
from app.listening.models import Mention
from app.mail.service import queue_mail
from app.mail.templates import normalize_locale

logger = logging.getLogger(__name__)

NOTIFY_TASK = "alerts.notify"
DEFAULT_COOLDOWN = 60  # minutes, for alerts whose rule was deleted
SLACK_TIMEOUT = 10.0  # seconds
SLACK_MAX_ATTEMPTS = 6
SLACK_RETRY_AFTER_MAX = timedelta(hours=1)
EVIDENCE_IN_MESSAGES = 3

_FACTS = {
    "en": {AlertKind.volume_spike: "{count} mentions in {window} min (usually {baseline})",
           AlertKind.negative_spike: "{count} negative mentions in {window} min (usually "
                                     "{baseline}), {share}% of all mentions",
           AlertKind.keyword: "{total} mentions containing: {keywords}",
           AlertKind.high_reach: "{total} mentions by authors with a reach of {min_reach} or "
                                 "more (up to {max_reach}: {authors})"},
    "fr": {AlertKind.volume_spike: "{count} mentions en {window} min (d'habitude {baseline})",
           AlertKind.negative_spike: "{count} mentions négatives en {window} min (d'habitude "
                                     "{baseline}), {share} % des mentions",
           AlertKind.keyword: "{total} mentions contenant : {keywords}",
           AlertKind.high_reach: "{total} mentions d'auteurs d'audience {min_reach} ou plus "
                                 "(jusqu'à {max_reach} : {authors})"},
}
_SLACK = {
    "en": {"new": "Alert", "more": "{new} more mentions since the last notice ({total} in "
                                   "total)", "open": "Open in Vigie"},
    "fr": {"new": "Alerte", "more": "{new} mentions de plus depuis la dernière notification "
                                    "({total} au total)", "open": "Ouvrir dans Vigie"},
}


def _number(value: float, locale: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",") if locale == "fr" else text


def describe(alert: Alert, locale: str) -> str:
    """One line saying what was measured, in the reader's language."""
    facts = alert.details.get("facts", {})
    values = {"count": facts.get("count", 0), "window": facts.get("window_minutes", 0),
              "baseline": facts.get("baseline", 0), "total": alert.occurrences,
              "share": round(100 * facts.get("negative_share", 0)),
              "min_reach": facts.get("min_reach", 0), "max_reach": facts.get("max_reach", 0)}
    shown = {k: _number(v, locale) for k, v in values.items()}
    shown["keywords"] = ", ".join(facts.get("keywords", []))
    shown["authors"] = ", ".join(facts.get("authors", []))
    return _FACTS[locale][AlertKind(alert.kind)].format(**shown)


def _one_line(text: str | None, limit: int) -> str:
    flat = re.sub(r"\s+", " ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _evidence_line(mention: Mention) -> str:
    who = mention.author or mention.source
    return f"{_one_line(who, 60)} ({mention.reach}): " \
           f"{_one_line(mention.title or mention.text, 140)} {mention.url}"


@dataclass(frozen=True)
class Message:
    """One batch of one alert, as the email, Slack and the event each tell it."""

    alert: Alert
    workspace_name: str
    locale: str
    first: bool
    new: int
    url: str
    mentions: list[Mention]

    def mail_context(self) -> dict[str, Any]:
        return {"workspace_name": self.workspace_name, "rule_name": self.alert.title,
                "kind": str(self.alert.kind), "facts": describe(self.alert, self.locale),
                "first": self.first, "new_count": self.new, "total": self.alert.occurrences,
                "alert_url": self.url, "evidence": [_evidence_line(m) for m in self.mentions]}

    def slack_text(self) -> str:
        words = _SLACK[self.locale]
        head = f"*{words['new']} · {_escape(self.alert.title)}* ({_escape(self.workspace_name)})"
        lines = [(":rotating_light: " if self.first else ":repeat: ") + head]
        if not self.first:
            lines.append(words["more"].format(new=self.new, total=self.alert.occurrences))
        lines.append(_escape(describe(self.alert, self.locale)))
        lines += [f"• {_escape(_evidence_line(m))}" for m in self.mentions]
        lines.append(f"<{self.url}|{words['open']}>")
        return "\n".join(lines)


def _escape(text: str) -> str:
    # Slack's mrkdwn reads <...> as links and mentions: user text must not forge them.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    is_permanent: bool = False
    error: str | None = None
    retry_after: float | None = None


async def post_to_slack(url: str, text: str) -> Outcome:
    """POST `{"text": ...}` (Slack's incoming-webhook JSON). 2xx is delivered; 5xx, 408,
    429 and network failures are worth retrying; any other answer will not change. The URL
    comes from a user: like collectors, refuse private addresses unless the operator allows
    them (`ALLOW_PRIVATE_SOURCES`), and never follow a redirect."""
    allow = get_settings().private_sources_allowed
    try:
        async with create_http_client(timeout=SLACK_TIMEOUT, allow_private_hosts=allow) as http:
            response = await http.post(url, json={"text": text}, follow_redirects=False)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, BlockedAddressError) as exc:
        return Outcome(False, True, f"unusable URL ({type(exc).__name__})")
    except httpx.HTTPError as exc:  # the message may hold the URL, a secret: name it only
        return Outcome(False, False, f"network error ({type(exc).__name__})")
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(True)
    error = f"HTTP {status}: {_one_line(response.text, 100)}"
    if status < 500 and status not in (408, 429):
        return Outcome(False, True, error)
    retry_after = response.headers.get("retry-after", "")
    return Outcome(False, False, error, float(retry_after) if retry_after.isdigit() else None)


def alert_url(alert: Alert) -> str:
    return f"{get_settings().app_url}/workspaces/{alert.workspace_id}/alerts/{alert.id}"


def _enqueue_at(session: AsyncSession, alert: Alert, suffix: str, at: datetime,
                now: datetime) -> None:
    enqueue(session, NOTIFY_TASK, job_id=f"alerts:notify:{alert.id}:{suffix}",
            defer_by=at - now if at > now else None, alert_id=str(alert.id),
            organization_id=str(alert.organization_id), workspace_id=str(alert.workspace_id))


def batch_due(alert: Alert, rule: AlertRule | None, now: datetime) -> datetime | None:
    if alert.status != AlertStatus.open:  # someone is on it: no more reminders
        return None
    return next_notification_at(
        occurrences=alert.occurrences, notified_occurrences=alert.notified_occurrences,
        notified_at=alert.notified_at,
        cooldown_minutes=rule.cooldown_minutes if rule else DEFAULT_COOLDOWN, now=now)


async def schedule_pending(session: AsyncSession, store: WorkspaceAlerts,
                           now: datetime) -> None:
    """Queue the notify job of every alert of the workspace with something left to send.
    Job ids name the batch or the Slack attempt: queuing again what is queued is a no-op,
    and a job lost with Redis is queued again."""
    for alert in await store.alerts_with_pending_work():
        due = batch_due(alert, await store.rule(alert.rule_id), now)
        if due is not None:
            _enqueue_at(session, alert, str(alert.notified_occurrences), due, now)
        slack = alert.details.get("slack") or {}
        if slack.get("status") == "pending":
            _enqueue_at(session, alert, f"slack:{slack.get('attempts', 0)}",
                        datetime.fromisoformat(slack["next_at"]), now)


async def send_due(session: AsyncSession, store: WorkspaceAlerts, alert_id: uuid.UUID, *,
                   now: datetime | None = None) -> bool:
    """Send the alert's pending batch if its time has come. True when a batch went out."""
    now = now or utcnow()
    alert = await store.alert_for_update(alert_id)
    rule = await store.rule(alert.rule_id) if alert else None
    due = batch_due(alert, rule, now) if alert else None
    if alert is None or due is None:
        return False
    if due > now:  # woken early (clock skew): come back when it is due
        _enqueue_at(session, alert, f"{alert.notified_occurrences}:at:{int(due.timestamp())}",
                    due, now)
        return False
    if rule is not None:  # a deleted rule took its recipients along
        await _send_batch(session, store, alert, rule, now)
    alert.notified_at = now
    alert.notified_occurrences = alert.occurrences
    await session.flush()
    return True


async def _send_batch(session: AsyncSession, store: WorkspaceAlerts, alert: Alert,
                      rule: AlertRule, now: datetime) -> None:
    workspace = await store.workspace()
    locale = normalize_locale(workspace.locale if workspace else None)
    first = alert.notified_occurrences == 0
    new = alert.occurrences - alert.notified_occurrences
    message = Message(alert, workspace.name if workspace else "", locale, first, new,
                      alert_url(alert),
                      await store.mentions(alert.mention_ids[:EVIDENCE_IN_MESSAGES]))
    for address in rule.notify_emails:
        await queue_mail(session, to=address, template="alert", locale=locale,
                         context=message.mail_context())
    if rule.notify_webhooks:
        publish(session, "alert.triggered" if first else "alert.updated",
                organization_id=alert.organization_id, workspace_id=alert.workspace_id,
                payload=_event_payload(alert, new))
    if rule.slack_webhook:
        alert.details = {**alert.details, "slack": {
            "status": "pending", "text": message.slack_text(), "attempts": 0,
            "next_at": now.isoformat()}}


def _event_payload(alert: Alert, new: int) -> dict[str, Any]:
    return {"alert": {
        "id": str(alert.id), "rule_id": str(alert.rule_id) if alert.rule_id else None,
        "kind": str(alert.kind), "status": str(alert.status), "title": alert.title,
        "occurrences": alert.occurrences, "new_occurrences": new,
        "details": alert.details.get("facts", {}),
        "mention_ids": [str(m) for m in alert.mention_ids[:20]],
        "first_triggered_at": alert.first_triggered_at.isoformat(),
        "last_triggered_at": alert.last_triggered_at.isoformat(), "url": alert_url(alert)}}


async def deliver_slack(session: AsyncSession, store: WorkspaceAlerts, alert_id: uuid.UUID,
                        *, now: datetime | None = None) -> str | None:
    """Post the alert's pending Slack message if due; returns the Slack delivery state."""
    now = now or utcnow()
    alert = await store.alert_for_update(alert_id)
    slack = dict(alert.details.get("slack") or {}) if alert else {}
    if alert is None or slack.get("status") != "pending":
        return slack.get("status")
    if datetime.fromisoformat(slack["next_at"]) > now:
        return "pending"  # its retry job is queued for later
    outcome = await _post(await store.rule(alert.rule_id), slack["text"])
    slack = _after_attempt(session, alert, slack, outcome, now)
    alert.details = {**alert.details, "slack": slack}
    await session.flush()
    return str(slack["status"])


async def _post(rule: AlertRule | None, text: str) -> Outcome:
    if rule is None or not rule.slack_webhook:
        return Outcome(False, True, "the rule or its Slack webhook was removed")
    try:
        url = decrypt(rule.slack_webhook)
    except InvalidToken:
        return Outcome(False, True, "the stored webhook cannot be decrypted")
    return await post_to_slack(url, text)


def _after_attempt(session: AsyncSession, alert: Alert, slack: dict[str, Any],
                   outcome: Outcome, now: datetime) -> dict[str, Any]:
    attempts = int(slack.get("attempts", 0)) + 1
    if outcome.ok:
        return {"status": "sent", "attempts": attempts, "sent_at": now.isoformat()}
    if outcome.is_permanent or attempts >= SLACK_MAX_ATTEMPTS:
        # The webhook's URL is a secret: logs name the alert, never the URL.
        logger.warning("Slack notification of alert %s given up after %s attempt(s): %s",
                       alert.id, attempts, outcome.error)
        return {"status": "failed", "attempts": attempts, "error": outcome.error}
    delay = slack_backoff(attempts)
    if outcome.retry_after:
        delay = max(delay, min(timedelta(seconds=outcome.retry_after), SLACK_RETRY_AFTER_MAX))
    _enqueue_at(session, alert, f"slack:{attempts}", now + delay, now)
    logger.info("Slack notification of alert %s failed (attempt %s), retrying in %s: %s",
                alert.id, attempts, delay, outcome.error)
    return {**slack, "attempts": attempts, "next_at": (now + delay).isoformat(),
            "error": outcome.error}
