"""CSV export of the inbox, streamed in keyset batches so no export is held in memory.

The request's session is committed before a streamed body starts, so the rows are read in a
session of their own, under the same tenant scope (row-level security applies as usual).
"""

import csv
import io
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.responses import StreamingResponse

from app.auth.principal import Principal
from app.core.db import tenant_session
from app.listening.inbox_repository import MentionRepository, WatchLookup
from app.listening.inbox_schemas import MentionFilters
from app.tenancy.models import Workspace

BATCH = 500
BOM = "\ufeff"  # lets Excel read the file as UTF-8 (accents in French mentions)
COLUMNS = ("published_at", "source", "author", "url", "title", "text", "lang", "sentiment",
           "reach", "status", "tags", "watches")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); mentions are written by strangers, so such cells get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _cells(row: Any, names: dict[Any, str], zone: ZoneInfo) -> list[Any]:
    texts = [row.source, row.author or "", row.url, row.title or "", row.text, row.lang or "",
             row.sentiment]
    published = row.published_at.astimezone(zone).isoformat()
    return [published, *(neutralise(t) for t in texts), row.reach, neutralise(row.status),
            neutralise(", ".join(row.tags)),
            neutralise(", ".join(names[w] for w in row.watch_ids if w in names))]


def _lines(rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


async def _stream(principal: Principal, workspace: Workspace, filters: MentionFilters,
                  zone: ZoneInfo) -> AsyncIterator[str]:
    yield BOM + _lines([COLUMNS])
    async with tenant_session(principal.tenant_scope()) as session:
        watches = await WatchLookup(session, principal).all_in(workspace.id)
        names = {w.id: w.name for w in watches}
        repo = MentionRepository(session, principal)
        async for batch in repo.export_batches(workspace.id, filters, BATCH):
            yield _lines(_cells(row, names, zone) for row in batch)


def export_response(principal: Principal, workspace: Workspace,
                    filters: MentionFilters) -> StreamingResponse:
    try:
        zone = ZoneInfo(workspace.timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    day = datetime.now(UTC).astimezone(zone).date().isoformat()
    filename = f"mentions-{workspace.slug}-{day}.csv"  # slugs are [a-z0-9-]: header-safe
    return StreamingResponse(
        _stream(principal, workspace, filters, zone), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"})
