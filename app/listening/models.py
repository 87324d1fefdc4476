"""Listening: watches, the sources they collect from, mentions, triage, alerts."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlmodel import Field, SQLModel

from app.core.models import id_field, org_fk, text_array_field, timestamp_field, workspace_fk


class WatchKind(StrEnum):
    brand = "brand"
    competitor = "competitor"
    product = "product"
    sector = "sector"
    person = "person"


class WatchStatus(StrEnum):
    active = "active"
    paused = "paused"


class Watch(SQLModel, table=True):
    __tablename__ = "watches"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    name: str = Field(max_length=200)
    kind: WatchKind = Field(default=WatchKind.brand, sa_type=sa.String(16))
    query: str = Field(max_length=1000)
    languages: list[str] = text_array_field()
    interval_minutes: int = 15
    status: WatchStatus = Field(default=WatchStatus.active, sa_type=sa.String(16))
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id",
                                         ondelete="SET NULL", nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class SourceState(StrEnum):
    idle = "idle"
    queued = "queued"
    running = "running"


class WatchSource(SQLModel, table=True):
    """One source a watch collects from, with its cursor, schedule and health.

    The row is the truth of the collection work: the scheduler enqueues rows that are due,
    a run leases the row (`lease_until`) so it never runs twice at once, and the cursor is
    committed together with the mentions it produced.
    """

    __tablename__ = "watch_sources"
    __table_args__ = (
        sa.Index("ix_watch_sources_due", "next_run_at"),
    )

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    watch_id: uuid.UUID = Field(foreign_key="watches.id", ondelete="CASCADE", index=True)
    source: str = Field(max_length=16)
    options: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    # Secrets a source needs (a YouTube API key), encrypted with app.core.crypto.
    secret: str | None = Field(default=None, nullable=True)
    cursor: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    state: SourceState = Field(default=SourceState.idle, sa_type=sa.String(16))
    next_run_at: datetime = timestamp_field()
    lease_until: datetime | None = timestamp_field(nullable=True)
    last_run_at: datetime | None = timestamp_field(nullable=True)
    last_success_at: datetime | None = timestamp_field(nullable=True)
    last_error_at: datetime | None = timestamp_field(nullable=True)
    last_error_kind: str | None = Field(default=None, max_length=16, nullable=True)
    last_error: str | None = Field(default=None, max_length=500, nullable=True)
    consecutive_failures: int = 0
    items_total: int = 0
    created_at: datetime = timestamp_field()


class MentionStatus(StrEnum):
    new = "new"
    to_answer = "to_answer"
    answered = "answered"
    ignored = "ignored"
    irrelevant = "irrelevant"


class SentimentLabel(StrEnum):
    negative = "negative"
    neutral = "neutral"
    positive = "positive"


# Full-text search in the mention's own language (French or English stemming), "simple"
# otherwise. A generated column keeps it in step with the text at no cost to the pipeline.
SEARCH_VECTOR = (
    "setweight(to_tsvector(CASE lang WHEN 'fr' THEN 'french'::regconfig "
    "WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, "
    "coalesce(title, '')), 'A') || "
    "setweight(to_tsvector(CASE lang WHEN 'fr' THEN 'french'::regconfig "
    "WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, text), 'B')"
)


class Mention(SQLModel, table=True):
    __tablename__ = "mentions"
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "dedup_key", name="uq_mentions_workspace_dedup"),
        sa.Index("ix_mentions_ws_published", "workspace_id", sa.text("published_at DESC"),
                 sa.text("id DESC")),
        sa.Index("ix_mentions_ws_reach", "workspace_id", sa.text("reach DESC"),
                 sa.text("id DESC")),
        sa.Index("ix_mentions_search", "search", postgresql_using="gin"),
        sa.Index("ix_mentions_watch_ids", "watch_ids", postgresql_using="gin"),
        sa.Index("ix_mentions_tags", "tags", postgresql_using="gin"),
        # Small batches' near-duplicate lookup (vigie_neardup_by_band): a short pending list
        # keeps each lookup's read of it short.
        sa.Index("ix_mentions_minhash_bands", "minhash_bands", postgresql_using="gin",
                 postgresql_with={"gin_pending_list_limit": 256}),
        # Near-duplicate candidates (pipeline._CANDIDATES) without reading the table: the
        # scan tests each recent row's bands, and the row-level security policy's columns.
        sa.Index("ix_mentions_neardup", "workspace_id", sa.text("published_at DESC"),
                 postgresql_include=["id", "organization_id", "minhash_bands"],
                 postgresql_where=sa.text("minhash_bands IS NOT NULL")),
    )

    id: uuid.UUID = id_field()
    # No index of its own: every query of mentions goes through workspace_id first.
    organization_id: uuid.UUID = Field(foreign_key="organizations.id", ondelete="CASCADE")
    workspace_id: uuid.UUID = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    watch_ids: list[uuid.UUID] = Field(default_factory=list, sa_type=sa.ARRAY(sa.Uuid()))
    source: str = Field(max_length=16)
    external_id: str = Field(max_length=500)
    dedup_key: str = Field(max_length=64)
    url: str = Field(max_length=2048)
    canonical_url: str = Field(max_length=2048)
    title: str | None = Field(default=None, max_length=1000, nullable=True)
    text: str
    author: str | None = Field(default=None, max_length=300, nullable=True)
    author_url: str | None = Field(default=None, max_length=2048, nullable=True)
    published_at: datetime = timestamp_field()
    collected_at: datetime = timestamp_field()
    lang: str | None = Field(default=None, max_length=8, nullable=True)
    sentiment_score: float = 0.0
    sentiment_label: SentimentLabel = Field(default=SentimentLabel.neutral, sa_type=sa.String(8))
    # The label a person set; kept apart from the computed one so corrections can be counted.
    sentiment_corrected: SentimentLabel | None = Field(default=None, sa_type=sa.String(8),
                                                       nullable=True)
    reach: int = 0
    reach_details: dict[str, int] = Field(default_factory=dict, sa_type=JSONB)
    # Near-duplicates (one wire story on many sites) share the group of the first one seen.
    group_id: uuid.UUID | None = Field(default=None, nullable=True, index=True)
    # LSH band hashes of the text (app.listening.neardup); None for texts too short to tell.
    minhash_bands: list[int] | None = Field(default=None, sa_type=sa.ARRAY(sa.BigInteger()),
                                            nullable=True)
    status: MentionStatus = Field(default=MentionStatus.new, sa_type=sa.String(16))
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="users.id",
                                          ondelete="SET NULL", nullable=True)
    tags: list[str] = text_array_field()
    search: str | None = Field(default=None, sa_column=sa.Column(
        TSVECTOR, sa.Computed(SEARCH_VECTOR, persisted=True)))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class MentionNote(SQLModel, table=True):
    """An internal note on a mention: agency staff only, never shown to clients."""

    __tablename__ = "mention_notes"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    mention_id: uuid.UUID = Field(foreign_key="mentions.id", ondelete="CASCADE", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="users.id",
                                        ondelete="SET NULL", nullable=True)
    body: str = Field(max_length=5000)
    created_at: datetime = timestamp_field()


class SentimentCorrection(SQLModel, table=True):
    __tablename__ = "sentiment_corrections"

    id: uuid.UUID = id_field()
    organization_id: uuid.UUID = org_fk()
    workspace_id: uuid.UUID = workspace_fk()
    mention_id: uuid.UUID = Field(foreign_key="mentions.id", ondelete="CASCADE", index=True)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL",
                                      nullable=True)
    computed_label: str = Field(max_length=8)
    computed_score: float
    corrected_label: str = Field(max_length=8)
    lang: str | None = Field(default=None, max_length=8, nullable=True)
    created_at: datetime = timestamp_field()
