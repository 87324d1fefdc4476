"""The mentions inbox: triage, bulk actions, notes, sentiment corrections, exclusion
suggestions. Services flush, never commit: the request is the unit of work."""

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.core.db import DriverTransaction
from app.core.errors import Invalid
from app.core.pagination import PageParams
from app.core.responses import json_response
from app.listening.inbox_repository import (
    CorrectionRepository,
    Key,
    MentionRepository,
    NoteRepository,
    WatchLookup,
    decode_cursor,
    is_workspace_staff,
    merged_tags,
)
from app.listening.inbox_schemas import (
    MAX_TAGS,
    CorrectionLanguage,
    CorrectionPair,
    CorrectionStats,
    ExclusionSuggestion,
    MentionBulkUpdate,
    MentionFilters,
    MentionRead,
    MentionUpdate,
    NoteCreate,
    NoteRead,
)
from app.listening.models import MentionNote, SentimentCorrection, SentimentLabel
from app.listening.query import (
    Query,
    QuerySyntaxError,
    add_exclusion,
    parse,
    suggest_exclusions,
    to_string,
)
from app.tenancy.models import Workspace

# How many recent mentions of each kind feed the exclusion suggestions: enough for the
# term statistics, bounded so the request stays fast.
SUGGESTION_SAMPLE = 500


def _now() -> datetime:
    return datetime.now(UTC)


async def list_mentions(db: DriverTransaction, principal: Principal, workspace: Workspace,
                        filters: MentionFilters, *, limit: int, cursor: str | None,
                        group: bool) -> Response:
    """A `MentionPage`, written as JSON straight from the rows (tests/listening/inbox
    hold the bytes equal to the model's). A driver-only read: no session."""
    after: Key | None = decode_cursor(cursor, filters.sort) if cursor else None
    rows, next_cursor = await MentionRepository(db, principal).list_page(
        workspace.id, filters, limit=limit, after=after, group=group)
    return json_response({"items": rows, "next_cursor": next_cursor})


async def read_mention(session: AsyncSession, principal: Principal, workspace: Workspace,
                       mention_id: uuid.UUID) -> MentionRead:
    repo = MentionRepository(session, principal)
    mention = await repo.get_in(workspace.id, mention_id)
    return MentionRead.build(mention, note_count=await repo.note_count(mention.id))


async def _check_assignee(session: AsyncSession, workspace: Workspace,
                          user_id: uuid.UUID | None) -> None:
    if user_id is not None and not await is_workspace_staff(session, workspace, user_id):
        raise Invalid("The assignee must be agency staff who can reach this workspace",
                      code="invalid_assignee")


async def update_mention(session: AsyncSession, principal: Principal, workspace: Workspace,
                         mention_id: uuid.UUID, data: MentionUpdate) -> MentionRead:
    repo = MentionRepository(session, principal)
    mention = await repo.get_in(workspace.id, mention_id)
    changes = data.model_dump(exclude_unset=True)
    if any(key in changes and changes[key] is None for key in ("status", "tags")):
        raise Invalid("status and tags cannot be null", code="validation_error")
    if "assignee_id" in changes:
        await _check_assignee(session, workspace, changes["assignee_id"])
    for key, value in changes.items():
        setattr(mention, key, value)
    mention.updated_at = _now()
    await session.flush()
    return MentionRead.build(mention, note_count=await repo.note_count(mention.id))


async def bulk_update(session: AsyncSession, principal: Principal, workspace: Workspace,
                      data: MentionBulkUpdate) -> int:
    """All checks pass before the single UPDATE runs: nothing is written on a 422."""
    given = data.model_fields_set
    if "set_status" in given and data.set_status is None:
        raise Invalid("set_status cannot be null", code="validation_error")
    values: dict[str, Any] = {}
    if data.set_status is not None:
        values["status"] = data.set_status.value
    if "set_assignee_id" in given:
        await _check_assignee(session, workspace, data.set_assignee_id)
        values["assignee_id"] = data.set_assignee_id
    add, remove = data.add_tags or [], data.remove_tags or []
    repo = MentionRepository(session, principal)
    ids = list(dict.fromkeys(data.mention_ids))
    if add or remove:
        if add and await repo.count_over_tag_cap(workspace.id, ids, add, remove):
            raise Invalid(f"Some mentions would carry more than {MAX_TAGS} tags",
                          code="too_many_tags")
        values["tags"] = merged_tags(add, remove)
    if not values:
        raise Invalid("Nothing to change: give set_status, set_assignee_id, add_tags or "
                      "remove_tags", code="validation_error")
    return await repo.bulk_update(workspace.id, ids, {**values, "updated_at": _now()})


async def list_notes(session: AsyncSession, principal: Principal, workspace: Workspace,
                     mention_id: uuid.UUID, page: PageParams
                     ) -> tuple[list[NoteRead], str | None]:
    await MentionRepository(session, principal).get_in(workspace.id, mention_id)
    rows, cursor = await NoteRepository(session, principal).page(
        page, MentionNote.workspace_id == workspace.id, MentionNote.mention_id == mention_id)
    return [NoteRead.model_validate(n) for n in rows], cursor


async def add_note(session: AsyncSession, principal: Principal, workspace: Workspace,
                   mention_id: uuid.UUID, data: NoteCreate) -> NoteRead:
    mention = await MentionRepository(session, principal).get_in(workspace.id, mention_id)
    note = NoteRepository(session, principal).add(MentionNote(
        organization_id=mention.organization_id, workspace_id=mention.workspace_id,
        mention_id=mention.id, author_id=principal.user_id, body=data.body))
    await session.flush()
    return NoteRead.model_validate(note)


async def correct_sentiment(session: AsyncSession, principal: Principal, workspace: Workspace,
                            mention_id: uuid.UUID, label: SentimentLabel) -> MentionRead:
    """The computed label and score stay as they were: each correction is kept as a row, the
    training material of a better model, and the effective label becomes the person's."""
    repo = MentionRepository(session, principal)
    mention = await repo.get_in(workspace.id, mention_id)
    CorrectionRepository(session, principal).add(SentimentCorrection(
        organization_id=mention.organization_id, workspace_id=mention.workspace_id,
        mention_id=mention.id, user_id=principal.user_id,
        computed_label=mention.sentiment_label, computed_score=mention.sentiment_score,
        corrected_label=label, lang=mention.lang))
    mention.sentiment_corrected = label
    mention.updated_at = _now()
    await session.flush()
    return MentionRead.build(mention, note_count=await repo.note_count(mention.id))


async def correction_stats(session: AsyncSession, principal: Principal,
                           workspace: Workspace) -> CorrectionStats:
    repo = CorrectionRepository(session, principal)
    pairs = [CorrectionPair(computed=a, corrected=b, count=n)  # type: ignore[arg-type]
             for a, b, n in await repo.pair_counts(workspace.id)]
    langs = [CorrectionLanguage(lang=lang, count=n)
             for lang, n in await repo.language_counts(workspace.id)]
    return CorrectionStats(total=sum(p.count for p in pairs), pairs=pairs, languages=langs)


def _with_exclusion(query: Query, term: str) -> str | None:
    # Through the query tree, not by appending text: `a OR b` becomes `(a OR b) -term`.
    try:
        return to_string(add_exclusion(query, term))
    except QuerySyntaxError:
        return None


async def exclusion_suggestions(session: AsyncSession, principal: Principal,
                                workspace: Workspace, watch_id: uuid.UUID,
                                limit: int) -> list[ExclusionSuggestion]:
    """Terms frequent in the mentions marked irrelevant and rare in the others."""
    watch = await WatchLookup(session, principal).get_in(workspace.id, watch_id)
    repo = MentionRepository(session, principal)
    irrelevant = await repo.texts_of_watch(workspace.id, watch.id, irrelevant=True,
                                           limit=SUGGESTION_SAMPLE)
    if not irrelevant:
        return []
    relevant = await repo.texts_of_watch(workspace.id, watch.id, irrelevant=False,
                                         limit=SUGGESTION_SAMPLE)
    try:
        query = parse(watch.query)
    except QuerySyntaxError as exc:
        raise Invalid(f"The watch's query cannot be read: {exc}", code="invalid_query") from exc
    # Pure CPU work over up to a thousand texts: off the event loop.
    terms = await asyncio.to_thread(suggest_exclusions, irrelevant, relevant, query, limit)
    return [ExclusionSuggestion(term=term, query_with_exclusion=full) for term in terms
            if (full := _with_exclusion(query, term)) is not None]
