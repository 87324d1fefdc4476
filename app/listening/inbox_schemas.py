"""Request and response models of the mentions inbox (list, triage, notes, sentiment)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.auth.dependencies import CurrentPrincipal
from app.core.errors import Invalid
from app.core.types import NoNul
from app.listening.models import MentionStatus, SentimentLabel

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_BULK = 500


def normalise_tags(tags: list[str]) -> list[str]:
    """Lowercase, trimmed, inner blanks collapsed, unique in first-seen order; empty ones
    are dropped. Done once here so filters, triage and bulk all see the same spelling."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = " ".join(tag.split()).lower()
        if len(clean) > MAX_TAG_LENGTH:
            raise ValueError(f"a tag has at most {MAX_TAG_LENGTH} characters")
        if clean:
            seen.setdefault(clean, None)
    if len(seen) > MAX_TAGS:
        raise ValueError(f"a mention has at most {MAX_TAGS} tags")
    return list(seen)


# Raw length capped before normalising so a huge payload is refused cheaply.
Tags = Annotated[list[Annotated[str, StringConstraints(max_length=200), NoNul]],
                 Field(max_length=100), AfterValidator(normalise_tags)]


class MentionRead(BaseModel):
    id: uuid.UUID
    watch_ids: list[uuid.UUID]
    source: str
    url: str
    title: str | None
    text: str
    author: str | None
    author_url: str | None
    published_at: datetime
    collected_at: datetime
    lang: str | None
    sentiment_score: float
    sentiment: SentimentLabel = Field(description="Effective label: the correction if any")
    sentiment_computed: SentimentLabel
    sentiment_corrected: bool
    reach: int
    reach_details: dict[str, int]
    group_id: uuid.UUID | None
    status: MentionStatus
    assignee_id: uuid.UUID | None
    tags: list[str]
    note_count: int = 0
    duplicates: int | None = Field(
        default=None, description="With group=true: other matching mentions of its group")

    @classmethod
    def build(cls, mention: Any, *, note_count: int = 0,
              duplicates: int | None = None) -> "MentionRead":
        return cls(
            **{name: getattr(mention, name) for name in _COPIED},
            sentiment=mention.sentiment_corrected or mention.sentiment_label,
            sentiment_computed=mention.sentiment_label,
            sentiment_corrected=mention.sentiment_corrected is not None,
            note_count=note_count, duplicates=duplicates)


_COPIED = ("id", "watch_ids", "source", "url", "title", "text", "author", "author_url",
           "published_at", "collected_at", "lang", "sentiment_score", "reach", "reach_details",
           "group_id", "status", "assignee_id", "tags")


class MentionPage(BaseModel):
    items: list[MentionRead]
    next_cursor: str | None = None


class MentionUpdate(BaseModel):
    status: MentionStatus | None = None
    assignee_id: uuid.UUID | None = Field(default=None, description="null unassigns")
    tags: Tags | None = None


class MentionBulkUpdate(BaseModel):
    mention_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_BULK)
    set_status: MentionStatus | None = None
    set_assignee_id: uuid.UUID | None = Field(default=None, description="null unassigns")
    add_tags: Tags | None = None
    remove_tags: Tags | None = None


class BulkResult(BaseModel):
    updated: int


class NoteCreate(BaseModel):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=5000), NoNul]


class NoteRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    mention_id: uuid.UUID
    author_id: uuid.UUID | None
    body: str
    created_at: datetime


class SentimentCorrectionCreate(BaseModel):
    label: SentimentLabel


class CorrectionPair(BaseModel):
    computed: SentimentLabel
    corrected: SentimentLabel
    count: int


class CorrectionLanguage(BaseModel):
    lang: str | None
    count: int


class CorrectionStats(BaseModel):
    total: int
    pairs: list[CorrectionPair]
    languages: list[CorrectionLanguage]


class ExclusionSuggestion(BaseModel):
    term: str
    query_with_exclusion: str


class ExclusionSuggestions(BaseModel):
    suggestions: list[ExclusionSuggestion]


def as_utc(value: datetime | None) -> datetime | None:
    """In UTC; a datetime without offset is read as UTC rather than refused. The driver
    sends UTC, so an instant that has none (year 1 at +05:00) is a 422, not a 500."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise Invalid("datetime out of range", code="validation_error") from exc


Sort = Literal["date", "reach"]


def _query_tags(tags: list[str]) -> list[str]:
    try:
        return normalise_tags(tags)
    except ValueError as exc:
        raise Invalid(f"tag: {exc}", code="validation_error") from exc


@dataclass(frozen=True)
class MentionFilters:
    watch_id: uuid.UUID | None = None
    sources: tuple[str, ...] = ()
    sentiments: tuple[SentimentLabel, ...] = ()
    langs: tuple[str, ...] = ()
    statuses: tuple[MentionStatus, ...] = ()
    # "none" means unassigned; a uuid, that person; None, no filter.
    assignee: uuid.UUID | Literal["none"] | None = None
    tags: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None
    sort: Sort = "date"


Repeated = Annotated[list[Annotated[str, StringConstraints(max_length=50), NoNul]] | None,
                     Query(max_length=20)]


def mention_filters(
    principal: CurrentPrincipal,
    watch_id: uuid.UUID | None = None,
    source: Repeated = None,
    sentiment: Annotated[list[SentimentLabel] | None, Query(description="Effective label")
                         ] = None,
    lang: Repeated = None,
    status: Annotated[list[MentionStatus] | None, Query()] = None,
    assignee_id: uuid.UUID | None = None,
    assignee: Literal["me", "none"] | None = None,
    tag: Repeated = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search (web search "
                                   "syntax: \"phrase\", or, -word)"), NoNul] = None,
    sort: Sort = "date",
) -> MentionFilters:
    if assignee_id and assignee:
        raise Invalid("assignee_id and assignee cannot be combined", code="validation_error")
    since, until = as_utc(since), as_utc(until)
    if since and until and since >= until:
        raise Invalid("since must be before until", code="validation_error")
    who: uuid.UUID | Literal["none"] | None = assignee_id
    if assignee == "me":
        who = principal.user_id
    elif assignee == "none":
        who = "none"
    return MentionFilters(
        watch_id=watch_id, sources=tuple(source or ()), sentiments=tuple(sentiment or ()),
        langs=tuple(v.lower() for v in lang or ()), statuses=tuple(status or ()), assignee=who,
        tags=tuple(_query_tags(tag or [])), since=since, until=until,
        q=(q or "").strip() or None, sort=sort)
