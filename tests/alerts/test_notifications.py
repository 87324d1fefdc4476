"""Alerts end to end through a real ARQ worker on the real Redis: evaluation, the outbox mail,
the Slack-compatible webhook (a fake served over HTTP) and the outgoing-webhook event, with
throttling through a storm, a summary after the cooldown, and Slack failures."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from httpx import AsyncClient

from app.core.config import get_settings
from tests.alerts.conftest import (
    Agency,
    enqueue_evaluation,
    forget_queue,
    queued_jobs,
    run_jobs,
    run_worker,
)
from tests.alerts.factories import ago, alerts_of, create_rule, insert_mentions, rewind_rule
from tests.fakes.slack import SlackFake

CM = "cm@agence-lumiere.example.com"


async def _mails(db: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT * FROM mail_outbox WHERE to_address = $1 ORDER BY created_at",
                          CM)
    return [dict(r) for r in rows]


async def _events(db: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT * FROM events WHERE type LIKE 'alert.%' ORDER BY created_at")
    return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]


async def _rule(client: AsyncClient, agency: Agency, db: asyncpg.Connection, slack_url: str,
                **fields: Any) -> dict[str, Any]:
    rule = await create_rule(client, agency.headers, agency.workspace_id, name="Bad buzz",
                             notify_emails=[CM], slack_webhook=slack_url, cooldown_minutes=15,
                             **fields)
    await rewind_rule(db, rule["id"], ago(hours=1))
    return rule


async def _evaluate(agency: Agency, *, jobs: int | None = None) -> None:
    """Evaluate through the worker: until the queue is empty, or just `jobs` jobs when a
    deferred job would keep a burst worker waiting."""
    await enqueue_evaluation(agency.org_id, agency.workspace_id)
    await (run_worker() if jobs is None else run_jobs(jobs))


async def test_a_storm_raises_one_alert_and_one_notification_per_cooldown(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection, slack: SlackFake,
        slack_url: str) -> None:
    org, ws = agency.org_id, agency.workspace_id
    rule = await _rule(client, agency, owner_db, slack_url)
    first = await insert_mentions(owner_db, org, ws, 3, text="Une arnaque, disent-ils",
                                  author="@client_fache", reach=1200)
    await insert_mentions(owner_db, org, ws, 2, text="Rien à voir")
    await _evaluate(agency)

    [alert] = await alerts_of(owner_db, ws)
    assert set(alert["mention_ids"]) == set(first)
    assert (alert["status"], alert["occurrences"], alert["notified_occurrences"]) == \
        ("open", 3, 3)
    link = f"{get_settings().app_url}/workspaces/{ws}/alerts/{alert['id']}"
    [mail] = await _mails(owner_db)
    assert mail["subject"] == "Alerte Vigie : Bad buzz (Brandy France)"
    assert link in mail["body_text"] and "3 mentions contenant : arnaque" in mail["body_text"]
    assert "@client_fache (1200)" in mail["body_text"]
    [text] = slack.texts
    assert "Bad buzz" in text and f"<{link}|Ouvrir dans Vigie>" in text
    [event] = await _events(owner_db)
    assert event["type"] == "alert.triggered"
    assert event["payload"]["alert"]["id"] == str(alert["id"])
    assert event["payload"]["alert"]["occurrences"] == 3

    # The storm: 100 more matching mentions over 5 evaluations within the cooldown.
    base = ago(minutes=4)
    for round_ in range(5):
        collected = base + timedelta(seconds=10 * round_)
        await rewind_rule(owner_db, rule["id"], collected - timedelta(seconds=1))
        await insert_mentions(owner_db, org, ws, 20, text="#boycott Brandy", collected_at=collected)
        await _evaluate(agency, jobs=1)  # the summary job waits for the cooldown

    [alert] = await alerts_of(owner_db, ws)
    assert (alert["occurrences"], alert["notified_occurrences"]) == (103, 3)
    assert len(alert["mention_ids"]) == 50
    assert alert["details"]["facts"]["keywords"] == ["arnaque", "boycott"]
    assert len(await _mails(owner_db)) == 1 and len(slack.texts) == 1
    assert len(await _events(owner_db)) == 1
    [summary_job] = [j for j in await queued_jobs() if j.function == "alerts.notify"]
    assert summary_job.job_id == f"alerts:notify:{alert['id']}:3"
    due = alert["notified_at"] + timedelta(minutes=15)
    assert abs(summary_job.score / 1000 - due.timestamp()) < 2

    # The cooldown is over; meanwhile Redis lost its jobs: the next evaluation finds the
    # pending summary from the row and sends it, once, with the count.
    await owner_db.execute("UPDATE alerts SET notified_at = notified_at - interval '16 "
                           "minutes'")
    await forget_queue()
    await _evaluate(agency)
    mails = await _mails(owner_db)
    assert len(mails) == 2
    assert mails[1]["subject"] == "Alerte Vigie : Bad buzz (Brandy France) — 100 mentions de " \
                                  "plus"
    assert "100 mentions de plus depuis la dernière notification (103 au total)" in \
        mails[1]["body_text"]
    assert len(slack.texts) == 2 and "100 mentions de plus" in slack.texts[1]
    events = await _events(owner_db)
    assert [e["type"] for e in events] == ["alert.triggered", "alert.updated"]
    assert events[1]["payload"]["alert"]["new_occurrences"] == 100
    [alert] = await alerts_of(owner_db, ws)
    assert alert["notified_occurrences"] == 103
    await _evaluate(agency)  # nothing left to tell
    assert len(await _mails(owner_db)) == 2 and len(slack.texts) == 2

    # Acknowledged: the alert is closed to updates; the next trigger opens a new one.
    url = f"/api/v1/workspaces/{ws}/alerts/{alert['id']}/acknowledge"
    assert (await client.post(url, headers=agency.headers)).status_code == 200
    await rewind_rule(owner_db, rule["id"], ago(minutes=3))
    fresh = await insert_mentions(owner_db, org, ws, 1, text="Encore une arnaque",
                                  collected_at=ago(minutes=2))
    await _evaluate(agency)
    old, new = await alerts_of(owner_db, ws)
    assert (old["status"], old["occurrences"]) == ("acknowledged", 103)
    assert (new["status"], new["occurrences"], new["mention_ids"]) == ("open", 1, fresh)
    assert len(await _mails(owner_db)) == 3 and len(slack.texts) == 3
    assert [e["type"] for e in await _events(owner_db)][-1] == "alert.triggered"


async def test_a_slack_outage_is_retried_without_holding_the_email(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection, slack: SlackFake,
        slack_url: str) -> None:
    await _rule(client, agency, owner_db, slack_url)
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 1, text="arnaque")
    slack.respond(500, body="rollup_error")
    await _evaluate(agency, jobs=3)  # evaluate, notify, mail.send; the retry is deferred

    [alert] = await alerts_of(owner_db, agency.workspace_id)
    delivery = alert["details"]["slack"]
    assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
    assert delivery["error"] == "HTTP 500: rollup_error"
    assert len(slack.requests_to("/services/")) == 1 and slack.texts == []
    assert [m["status"] for m in await _mails(owner_db)] == ["sent"]
    assert len(await _events(owner_db)) == 1
    retry = [j for j in await queued_jobs() if j.function == "alerts.notify"]
    assert [j.job_id for j in retry] == [f"alerts:notify:{alert['id']}:slack:1"]
    assert datetime.fromisoformat(delivery["next_at"]) > datetime.now(UTC) + timedelta(
        seconds=20)

    # Time passes (and the retry job is lost with Redis): the retry goes through, once.
    await owner_db.execute(
        "UPDATE alerts SET details = jsonb_set(details, '{slack,next_at}', to_jsonb($1::text))",
        (datetime.now(UTC) - timedelta(seconds=1)).isoformat())
    await forget_queue()
    await _evaluate(agency)
    [alert] = await alerts_of(owner_db, agency.workspace_id)
    assert alert["details"]["slack"]["status"] == "sent"
    assert len(slack.requests_to("/services/")) == 2 and len(slack.texts) == 1
    assert len(await _mails(owner_db)) == 1 and len(await _events(owner_db)) == 1


@pytest.mark.parametrize(("status", "code"), [(400, "invalid_payload"),
                                              (410, "channel_is_archived")])
async def test_a_refused_slack_message_is_given_up_and_the_email_still_goes(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection, slack: SlackFake,
        slack_url: str, status: int, code: str) -> None:
    await _rule(client, agency, owner_db, slack_url)
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 1, text="arnaque")
    slack.respond(status, body=code)
    await _evaluate(agency)  # nothing deferred: the burst worker drains the queue

    [alert] = await alerts_of(owner_db, agency.workspace_id)
    assert alert["details"]["slack"] == {"status": "failed", "attempts": 1,
                                         "error": f"HTTP {status}: {code}"}
    assert [m["status"] for m in await _mails(owner_db)] == ["sent"]
    assert len(await _events(owner_db)) == 1 and alert["notified_occurrences"] == 1
    assert [j for j in await queued_jobs() if j.function == "alerts.notify"] == []
    shown = await client.get(f"/api/v1/workspaces/{agency.workspace_id}/alerts/{alert['id']}",
                             headers=agency.headers)
    assert shown.json()["slack_delivery"] == "failed"


async def test_without_outgoing_webhooks_no_event_is_published(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection, slack: SlackFake,
        slack_url: str) -> None:
    await _rule(client, agency, owner_db, slack_url, notify_webhooks=False,
                kind="high_reach", params={"min_reach": 5000})
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 2, reach=80000,
                          author="@influenceuse")
    await _evaluate(agency)
    assert await _events(owner_db) == []
    assert len(await _mails(owner_db)) == 1
    [text] = slack.texts
    assert "2 mentions d'auteurs d'audience 5\u202f000 ou plus" in text
    assert "80\u202f000 : @influenceuse" in text


async def test_a_webhook_on_a_private_address_is_refused_unless_allowed(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection, slack: SlackFake,
        slack_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "allow_private_sources", False)  # production default
    await _rule(client, agency, owner_db, slack_url)
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 1, text="arnaque")
    await _evaluate(agency)
    [alert] = await alerts_of(owner_db, agency.workspace_id)
    assert alert["details"]["slack"]["status"] == "failed"
    assert alert["details"]["slack"]["error"] == "unusable URL (BlockedAddressError)"
    assert slack.requests == [] and len(await _mails(owner_db)) == 1
