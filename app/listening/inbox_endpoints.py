"""The mentions inbox over HTTP: thin handlers over app.listening.inbox, stats and export.

Static paths (`export.csv`, `stats`, `bulk`) are declared before `/{mention_id}` so they are
never read as an id. The access dependency comes first in every signature: an unreachable
workspace answers 404 before any other check.
"""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import StreamingResponse

from app.core.deps import DriverDep, PageDep, SessionDep, driver_only
from app.core.pagination import Page
from app.listening import inbox
from app.listening.dependencies import MentionsRead, MentionsWrite
from app.listening.export import export_response
from app.listening.inbox_schemas import (
    BulkResult,
    CorrectionStats,
    ExclusionSuggestions,
    MentionBulkUpdate,
    MentionFilters,
    MentionPage,
    MentionRead,
    MentionUpdate,
    NoteCreate,
    NoteRead,
    SentimentCorrectionCreate,
    mention_filters,
)
from app.listening.stats import Interval, MentionStats, StatsRange, mention_stats

router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["mentions"])
Filters = Annotated[MentionFilters, Depends(mention_filters)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the "
                                                                 "previous page")]
Group = Annotated[bool, Query(description="Collapse near-duplicates: one mention per group, "
                                          "with a `duplicates` count")]
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
             "description": "UTF-8 CSV with a byte-order mark, for spreadsheets"}}


@router.get("/mentions", response_model=MentionPage,
            summary="The inbox: filtered, searched, newest or widest reach first")
@driver_only
async def list_mentions(access: MentionsRead, db: DriverDep, filters: Filters,
                        limit: Limit = 50, cursor: Cursor = None,
                        group: Group = False) -> Response:
    return await inbox.list_mentions(db, access.principal, access.workspace, filters,
                                     limit=limit, cursor=cursor, group=group)


@router.get("/mentions/export.csv", response_class=StreamingResponse, responses=CSV,
            summary="Export the mentions matching the filters as CSV")
async def export_mentions(access: MentionsRead, filters: Filters) -> StreamingResponse:
    return export_response(access.principal, access.workspace, filters)


@router.get("/mentions/stats", response_model=MentionStats,
            summary="Volume over time, sentiment, share of voice, top sources and authors")
async def get_mention_stats(access: MentionsRead, session: SessionDep,
                            since: datetime | None = None, until: datetime | None = None,
                            interval: Interval = "day",
                            watch_id: uuid.UUID | None = None) -> MentionStats:
    period = StatsRange.build(since, until, interval, watch_id)
    return await mention_stats(session, access.principal, access.workspace, period)


@router.post("/mentions/bulk", response_model=BulkResult,
             summary="Triage many mentions at once (ids of other workspaces are ignored)")
async def bulk_update_mentions(data: MentionBulkUpdate, access: MentionsWrite,
                               session: SessionDep) -> BulkResult:
    updated = await inbox.bulk_update(session, access.principal, access.workspace, data)
    return BulkResult(updated=updated)


@router.get("/mentions/{mention_id}", response_model=MentionRead, summary="A mention")
async def get_mention(mention_id: uuid.UUID, access: MentionsRead,
                      session: SessionDep) -> MentionRead:
    return await inbox.read_mention(session, access.principal, access.workspace, mention_id)


@router.patch("/mentions/{mention_id}", response_model=MentionRead,
              summary="Triage a mention: status, assignee, tags")
async def update_mention(mention_id: uuid.UUID, data: MentionUpdate, access: MentionsWrite,
                         session: SessionDep) -> MentionRead:
    return await inbox.update_mention(session, access.principal, access.workspace,
                                      mention_id, data)


@router.get("/mentions/{mention_id}/notes", response_model=Page[NoteRead],
            summary="Internal notes on a mention (agency staff only), newest first")
async def list_mention_notes(mention_id: uuid.UUID, access: MentionsRead, session: SessionDep,
                             page: PageDep) -> Page[NoteRead]:
    items, cursor = await inbox.list_notes(session, access.principal, access.workspace,
                                           mention_id, page)
    return Page(items=items, next_cursor=cursor)


@router.post("/mentions/{mention_id}/notes", status_code=status.HTTP_201_CREATED,
             response_model=NoteRead, summary="Add an internal note to a mention")
async def create_mention_note(mention_id: uuid.UUID, data: NoteCreate, access: MentionsWrite,
                              session: SessionDep) -> NoteRead:
    return await inbox.add_note(session, access.principal, access.workspace, mention_id, data)


@router.post("/mentions/{mention_id}/sentiment", response_model=MentionRead,
             summary="Correct a mention's sentiment; the computed one is kept and counted")
async def correct_mention_sentiment(mention_id: uuid.UUID, data: SentimentCorrectionCreate,
                                    access: MentionsWrite, session: SessionDep) -> MentionRead:
    return await inbox.correct_sentiment(session, access.principal, access.workspace,
                                         mention_id, data.label)


@router.get("/sentiment-corrections/stats", response_model=CorrectionStats,
            summary="Sentiment corrections counted by (computed → corrected) and language")
async def get_sentiment_correction_stats(access: MentionsRead,
                                         session: SessionDep) -> CorrectionStats:
    return await inbox.correction_stats(session, access.principal, access.workspace)


@router.get("/watches/{watch_id}/exclusion-suggestions", response_model=ExclusionSuggestions,
            summary="Terms to exclude from a watch's query, learnt from irrelevant mentions")
async def get_exclusion_suggestions(
        watch_id: uuid.UUID, access: MentionsRead, session: SessionDep,
        limit: Annotated[int, Query(ge=1, le=20)] = 5) -> ExclusionSuggestions:
    suggestions = await inbox.exclusion_suggestions(session, access.principal,
                                                    access.workspace, watch_id, limit)
    return ExclusionSuggestions(suggestions=suggestions)
