"""Cursor pagination: `?limit=&cursor=` in, `{"items": [...], "next_cursor": ...}` out.

The cursor is an opaque base64 of the last row's sort key (created_at, id), so a page is one
index range scan however deep it is.
"""

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Query
from pydantic import BaseModel

from app.core.errors import Invalid

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class PageParams:
    limit: int
    after: tuple[datetime, uuid.UUID] | None


def encode_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, row_id = json.loads(raw)
        # In UTC, which also refuses instants PostgreSQL's timestamptz cannot hold.
        return datetime.fromisoformat(created).astimezone(UTC), uuid.UUID(row_id)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Invalid("cursor: not a cursor returned by this API") from exc


# async: FastAPI runs a plain `def` dependency in its thread pool, a hop per list request.
async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the "
                                                                     "previous page")] = None,
) -> PageParams:
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


def paginate(stmt: sa.Select, model: Any, params: PageParams) -> sa.Select:
    """Newest first by (created_at, id), one row more than asked to know if a page follows."""
    if params.after:
        created_at, row_id = params.after
        stmt = stmt.where(sa.tuple_(model.created_at, model.id) < sa.tuple_(created_at, row_id))
    return stmt.order_by(model.created_at.desc(), model.id.desc()).limit(params.limit + 1)


def make_page(rows: list[Any], params: PageParams) -> tuple[list[Any], str | None]:
    if len(rows) > params.limit:
        last = rows[params.limit - 1]
        return rows[: params.limit], encode_cursor(last.created_at, last.id)
    return rows, None
