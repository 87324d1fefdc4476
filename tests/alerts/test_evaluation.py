"""`alerts.evaluate` on mentions in PostgreSQL: windows, baselines, sentiment corrections,
watch scoping, keyword and reach rules, and the alerts API that shows the result."""

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
from httpx import AsyncClient

from app.core.db import TenantScope, tenant_session
from tests.alerts.conftest import Agency, evaluate, queued_jobs
from tests.alerts.factories import (
    ago,
    alerts_of,
    create_rule,
    insert_mentions,
    insert_watch,
    rewind_rule,
)


async def _rule(client: AsyncClient, agency: Agency, db: asyncpg.Connection,
                 **fields: object) -> dict:
    rule = await create_rule(client, agency.headers, agency.workspace_id, **fields)
    await rewind_rule(db, rule["id"], ago(hours=1))
    return rule


async def _later(db: asyncpg.Connection, rule: dict) -> datetime:
    """Mentions collected after the previous evaluation: the rule's watermark moves back
    to just before them (a test cannot wait for the settling delay)."""
    await rewind_rule(db, rule["id"], ago(minutes=2))
    return ago(minutes=1)


async def _baseline(db: asyncpg.Connection, agency: Agency, per_hour: int, **kw: object) -> None:
    """`per_hour` mentions in every hour of the day before the current window."""
    times = [ago(minutes=61 + i * 60 / per_hour) for i in range(24 * per_hour)]
    await insert_mentions(db, agency.org_id, agency.workspace_id, len(times),
                          published_at=times, collected_at=ago(days=2), **kw)


async def test_a_volume_spike_fires_against_the_baseline(client: AsyncClient, agency: Agency,
                                                         owner_db: asyncpg.Connection) -> None:
    rule = await _rule(client, agency, owner_db, kind="volume_spike", name="Volume",
                       params={"baseline_days": 1, "factor": 3, "min_mentions": 5})
    await _baseline(owner_db, agency, per_hour=5)  # threshold: 3 x 5 = 15
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 14)
    assert await evaluate(agency.org_id, agency.workspace_id) == 0
    spike = await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 2, reach=9000,
                                  collected_at=await _later(owner_db, rule))
    assert await evaluate(agency.org_id, agency.workspace_id) == 1
    [alert] = await alerts_of(owner_db, agency.workspace_id)
    assert alert["kind"] == "volume_spike" and alert["occurrences"] == 16
    assert set(alert["mention_ids"][:2]) == set(spike)  # the most visible first
    facts = alert["details"]["facts"]
    assert (facts["count"], facts["threshold"], facts["window_minutes"]) == (16, 15.0, 60)
    assert abs(facts["baseline"] - 5) < 0.1
    # No new mention since: evaluating again changes nothing.
    assert await evaluate(agency.org_id, agency.workspace_id) == 0
    [again] = await alerts_of(owner_db, agency.workspace_id)
    assert again["occurrences"] == 16


async def test_a_new_rule_ignores_the_backlog(client: AsyncClient, agency: Agency,
                                              owner_db: asyncpg.Connection) -> None:
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 3, text="arnaque")
    await create_rule(client, agency.headers, agency.workspace_id)
    assert await evaluate(agency.org_id, agency.workspace_id) == 0


async def test_sentiment_corrections_decide_the_negative_spike(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    rule = await _rule(client, agency, owner_db, kind="negative_spike", name="Bad buzz",
                       params={"min_mentions": 5, "min_negative_share": 0.4})
    org, ws = agency.org_id, agency.workspace_id
    await insert_mentions(owner_db, org, ws, 10)
    await insert_mentions(owner_db, org, ws, 4, sentiment="negative")
    # Corrected to neutral by a person: no longer negative.
    await insert_mentions(owner_db, org, ws, 3, sentiment="negative", corrected="neutral")
    assert await evaluate(org, ws) == 0  # 4 negative out of 17
    # Computed neutral, corrected negative by a person: counts as negative.
    await insert_mentions(owner_db, org, ws, 5, corrected="negative",
                          collected_at=await _later(owner_db, rule))
    assert await evaluate(org, ws) == 1  # 9 negative out of 22
    [alert] = await alerts_of(owner_db, ws)
    facts = alert["details"]["facts"]
    assert (facts["count"], facts["total"], facts["negative_share"]) == (9, 22, 0.409)


async def test_the_share_of_negative_mentions_must_be_reached(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    await _rule(client, agency, owner_db, kind="negative_spike",
                params={"min_mentions": 5, "min_negative_share": 0.5})
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 6, sentiment="negative")
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 7)
    assert await evaluate(agency.org_id, agency.workspace_id) == 0


async def test_a_rule_on_one_watch_counts_only_its_mentions(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    mine = await insert_watch(owner_db, agency.org_id, agency.workspace_id, "Brandy")
    other = await insert_watch(owner_db, agency.org_id, agency.workspace_id, "Rival")
    rule = await _rule(client, agency, owner_db, kind="volume_spike", watch_id=str(mine),
                       params={"min_mentions": 5, "baseline_days": 1})
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 10, watch_ids=[other])
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 4,
                          watch_ids=[other, mine])
    assert await evaluate(agency.org_id, agency.workspace_id) == 0
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 1, watch_ids=[mine],
                          collected_at=await _later(owner_db, rule))
    assert await evaluate(agency.org_id, agency.workspace_id) == 1


async def test_keyword_and_reach_rules_judge_each_new_mention_once(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    org, ws = agency.org_id, agency.workspace_id
    keyword = await _rule(client, agency, owner_db, name="Mots")
    reach = await _rule(client, agency, owner_db, kind="high_reach", name="Audience",
                        params={"min_reach": 10000})
    hits = await insert_mentions(owner_db, org, ws, 2, title="Appel au BOYCOTT",
                                 text="Une ARNAQUE selon @critique", author="@critique")
    await insert_mentions(owner_db, org, ws, 1, text="arnaque", status="irrelevant")
    await insert_mentions(owner_db, org, ws, 1, text="Les arnaques", reach=5000)
    big = await insert_mentions(owner_db, org, ws, 1, text="Avis", reach=250000,
                                author="@star")
    assert await evaluate(org, ws) == 2
    assert await evaluate(org, ws) == 0  # the same mentions are not news twice
    by_rule = {a["rule_id"]: a for a in await alerts_of(owner_db, ws)}
    words = by_rule[uuid.UUID(keyword["id"])]
    assert set(words["mention_ids"]) == set(hits) and words["occurrences"] == 2
    assert words["details"]["facts"]["keywords"] == ["arnaque", "boycott"]
    audience = by_rule[uuid.UUID(reach["id"])]
    assert audience["mention_ids"] == big
    assert audience["details"]["facts"] == {"count": 1, "min_reach": 10000,
                                            "max_reach": 250000, "authors": ["@star"]}


async def test_mentions_younger_than_the_settling_delay_wait_for_the_next_run(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    from app.alerts.service import evaluate_workspace

    await _rule(client, agency, owner_db)
    await insert_mentions(owner_db, agency.org_id, agency.workspace_id, 1, text="arnaque",
                          collected_at=ago(seconds=5))
    assert await evaluate(agency.org_id, agency.workspace_id) == 0
    # 40 seconds later, a transaction stamped 5 s before the first run may have committed.
    async with tenant_session(TenantScope(admin_organization_ids={uuid.UUID(agency.org_id)},
                                          organization_ids={uuid.UUID(agency.org_id)})) as s:
        fired = await evaluate_workspace(s, uuid.UUID(agency.org_id),
                                         uuid.UUID(agency.workspace_id),
                                         now=datetime.now(UTC) + timedelta(seconds=40))
    assert fired == 1


async def test_evaluations_are_scheduled_once_per_workspace_per_minute(agency: Agency) -> None:
    from app.alerts.service import SETTLE, schedule_evaluation

    now = datetime(2026, 11, 25, 10, 17, 42, tzinfo=UTC)
    for seconds in (0, 5, 15):
        async with tenant_session() as session:
            await schedule_evaluation(session, uuid.UUID(agency.org_id),
                                      uuid.UUID(agency.workspace_id),
                                      now=now + timedelta(seconds=seconds))
    [job] = [j for j in await queued_jobs() if j.function == "alerts.evaluate"]
    assert job.job_id == f"alerts:evaluate:{agency.workspace_id}:202611251017"
    assert job.kwargs == {"organization_id": agency.org_id, "workspace_id": agency.workspace_id}
    # It runs once the minute is over, plus the settling delay.
    expected = datetime(2026, 11, 25, 10, 18, tzinfo=UTC) + SETTLE
    assert abs(job.score / 1000 - (datetime.now(UTC) + (expected - now)).timestamp()) < 5


async def test_alerts_are_listed_filtered_shown_with_evidence_and_acknowledged(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    org, ws = agency.org_id, agency.workspace_id
    await _rule(client, agency, owner_db, name="Mots")
    await _rule(client, agency, owner_db, kind="high_reach", name="Audience")
    [hit] = await insert_mentions(owner_db, org, ws, 1, title="Boycott !", reach=50000,
                                  text="Un long texte " * 40, sentiment="negative")
    await evaluate(org, ws)
    base = f"/api/v1/workspaces/{ws}/alerts"
    listed = (await client.get(base, headers=agency.headers)).json()
    assert len(listed["items"]) == 2 and listed["next_cursor"] is None
    only = (await client.get(base, params={"kind": "keyword"}, headers=agency.headers)).json()
    [alert] = only["items"]
    assert (alert["title"], alert["status"], alert["evidence_count"]) == ("Mots", "open", 1)
    assert (await client.get(base, params={"kind": "nope"},
                             headers=agency.headers)).status_code == 422
    detail = (await client.get(f"{base}/{alert['id']}", headers=agency.headers)).json()
    [evidence] = detail["evidence"]
    assert evidence["id"] == str(hit) and evidence["title"] == "Boycott !"
    assert (evidence["sentiment"], evidence["reach"]) == ("negative", 50000)
    assert len(evidence["excerpt"]) <= 280 and evidence["excerpt"].endswith("…")
    acked = await client.post(f"{base}/{alert['id']}/acknowledge", headers=agency.headers)
    again = await client.post(f"{base}/{alert['id']}/acknowledge", headers=agency.headers)
    assert acked.status_code == again.status_code == 200
    assert acked.json()["status"] == "acknowledged" and acked.json()["acknowledged_by"]
    assert again.json()["acknowledged_at"] == acked.json()["acknowledged_at"]
    open_ = (await client.get(base, params={"status": "open"}, headers=agency.headers)).json()
    assert [a["title"] for a in open_["items"]] == ["Audience"]
    page = (await client.get(base, params={"limit": 1}, headers=agency.headers)).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
