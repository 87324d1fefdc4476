"""Rows the listening pipeline (someone else's domain) would write, inserted directly through
the owner connection, plus API shortcuts for rules."""

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from httpx import AsyncClient

_MENTION = """
INSERT INTO mentions (id, organization_id, workspace_id, watch_ids, source, external_id,
    dedup_key, url, canonical_url, title, text, author, published_at, collected_at, lang,
    sentiment_score, sentiment_label, sentiment_corrected, reach, reach_details, status, tags,
    created_at, updated_at)
VALUES ($1, $2, $3, $4, 'web', $5, $6, $7, $7, $8, $9, $10, $11, $12, 'fr', 0, $13, $14, $15,
    '{}', $16, '{}', $12, $12)
"""


def ago(**delta: float) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


async def insert_watch(db: asyncpg.Connection, org_id: str, workspace_id: str,
                       name: str = "Brandy") -> uuid.UUID:
    watch_id = uuid.uuid4()
    await db.execute(
        "INSERT INTO watches (id, organization_id, workspace_id, name, kind, query, languages,"
        " interval_minutes, status, created_at, updated_at) VALUES ($1, $2, $3, $4, 'brand',"
        " $4, '{}', 15, 'active', now(), now())", watch_id, uuid.UUID(org_id),
        uuid.UUID(workspace_id), name)
    return watch_id


async def insert_mentions(db: asyncpg.Connection, org_id: str, workspace_id: str,
                          count: int = 1, *, text: str = "Un avis sur Brandy",
                          title: str | None = None, author: str | None = "@someone",
                          reach: int = 100, sentiment: str = "neutral",
                          corrected: str | None = None, watch_ids: Sequence[uuid.UUID] = (),
                          published_at: datetime | Sequence[datetime] | None = None,
                          collected_at: datetime | None = None,
                          status: str = "new") -> list[uuid.UUID]:
    """`count` mentions; `published_at` may list one time per mention."""
    collected = collected_at or ago(minutes=5)
    times = published_at if isinstance(published_at, Sequence) else \
        [published_at or collected - timedelta(minutes=1)] * count
    ids = [uuid.uuid4() for _ in range(count)]
    rows: list[tuple[Any, ...]] = []
    for i, mention_id in enumerate(ids):
        key = mention_id.hex
        rows.append((mention_id, uuid.UUID(org_id), uuid.UUID(workspace_id), list(watch_ids),
                     key, key, f"https://news.example.com/{key}", title, text, author,
                     times[i], collected, sentiment, corrected, reach, status))
    await db.executemany(_MENTION, rows)
    return ids


async def rewind_rule(db: asyncpg.Connection, rule_id: str, until: datetime) -> None:
    """Move the rule's watermark: mentions collected after `until` are news to it."""
    await db.execute("UPDATE alert_rules SET evaluated_until = $1 WHERE id = $2", until,
                     uuid.UUID(rule_id))


async def create_rule(client: AsyncClient, headers: dict[str, str], workspace_id: str,
                      **fields: Any) -> dict[str, Any]:
    payload = {"name": "Bad buzz Brandy", "kind": "keyword", **fields}
    if payload["kind"] == "keyword":
        payload.setdefault("params", {"keywords": ["arnaque", "boycott"]})
    response = await client.post(f"/api/v1/workspaces/{workspace_id}/alert-rules",
                                 json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def alerts_of(db: asyncpg.Connection, workspace_id: str) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT * FROM alerts WHERE workspace_id = $1 ORDER BY created_at",
                          uuid.UUID(workspace_id))
    return [{**dict(r), "details": json.loads(r["details"])} for r in rows]
