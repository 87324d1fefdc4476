"""Queries of the mentions inbox. The tenant filter comes from TenantRepository; every query
also pins the workspace of the URL, so `ix_mentions_ws_*` indexes lead the plans."""

import base64
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer

from app.core.db import DriverQuery, driver_connection
from app.core.errors import Invalid
from app.core.repository import TenantRepository
from app.listening.inbox_schemas import MAX_TAGS, MentionFilters, MentionRead, Sort, as_utc
from app.listening.models import Mention, MentionNote, MentionStatus, SentimentCorrection, Watch
from app.tenancy.models import (
    OrganizationMembership,
    OrgRole,
    Workspace,
    WorkspaceMembership,
    WorkspaceRole,
)

TEXT_ARRAY = postgresql.ARRAY(sa.Text())
UUID_ARRAY = postgresql.ARRAY(sa.Uuid())
# websearch_to_tsquery never fails on user syntax; the three configurations let a French
# or English query stem its words whatever the mention's language ("simple" for the rest).
_CONFIGS = ("french", "english", "simple")

Key = tuple[Any, uuid.UUID]


def encode_cursor(sort: Sort, key: Any, row_id: uuid.UUID) -> str:
    value = key.isoformat() if isinstance(key, datetime) else key
    raw = json.dumps([sort, value, str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> Key:
    """The cursor carries its sort: one of another sort would skip or repeat rows."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, value, row_id = json.loads(raw)
        if kind != sort:
            raise ValueError("cursor of another sort")
        key = as_utc(datetime.fromisoformat(value)) if sort == "date" else int(value)
        if isinstance(key, int) and not -(2**31) <= key < 2**31:  # reach is an int4 column
            raise ValueError("reach out of range")
        return key, uuid.UUID(row_id)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Invalid("cursor: not a cursor returned by this API for this sort",
                      code="validation_error") from exc


def sort_columns(m: Any, sort: Sort) -> tuple[Any, Any]:
    return (m.published_at if sort == "date" else m.reach), m.id


def effective_sentiment(m: Any) -> sa.ColumnElement[str]:
    return sa.func.coalesce(m.sentiment_corrected, m.sentiment_label)


def text_search(m: Any, q: str | sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    """`search @@ (french || english || simple)`. Under row-level security PostgreSQL uses
    the GIN index only if `@@` is LEAKPROOF (it is not by default): otherwise the match is a
    filter on the workspace's date or reach index, which is fast for common terms and reads
    the whole workspace for rare ones."""
    query = None
    for config in _CONFIGS:
        part = sa.func.websearch_to_tsquery(sa.literal_column(f"'{config}'::regconfig"), q)
        query = part if query is None else query.op("||")(part)
    return m.search.op("@@")(query)


def in_watch(m: Any, watch_id: uuid.UUID | sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    # `@>` (not `= ANY`) so the GIN index on watch_ids can serve it once the operator is
    # LEAKPROOF (see text_search); until then, a filter on the workspace's index scan.
    ids = watch_id if isinstance(watch_id, sa.ColumnElement) else sa.literal([watch_id],
                                                                              UUID_ARRAY)
    return m.watch_ids.op("@>", return_type=sa.Boolean)(ids)


def filter_values(f: MentionFilters) -> dict[str, Any]:
    """The values of the filters that are set, by parameter name. Which names are present
    is the shape of the statement (`filter_clauses(..., bound=True)`)."""
    values: dict[str, Any] = {}
    if f.watch_id:
        values["watch_ids"] = [f.watch_id]
    if f.sources:
        values["sources"] = list(f.sources)
    if f.sentiments:
        values["sentiments"] = [s.value for s in f.sentiments]
    if f.langs:
        values["langs"] = list(f.langs)
    if f.statuses:
        values["statuses"] = [s.value for s in f.statuses]
    if f.assignee == "none":
        values["unassigned"] = None  # no parameter, but another statement
    elif f.assignee is not None:
        values["assignee"] = f.assignee
    if f.tags:
        values["tags"] = list(f.tags)
    if f.since:
        values["since"] = f.since
    if f.until:
        values["until"] = f.until
    if f.q:
        values["q"] = f.q
    return values


_FILTER_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "watch_ids": UUID_ARRAY, "sources": TEXT_ARRAY, "sentiments": TEXT_ARRAY,
    "langs": TEXT_ARRAY, "statuses": TEXT_ARRAY, "assignee": sa.Uuid(), "tags": TEXT_ARRAY,
    "since": sa.DateTime(timezone=True), "until": sa.DateTime(timezone=True), "q": sa.Text()}


def filter_clauses(m: Any, f: MentionFilters, *, bound: bool = False
                   ) -> list[sa.ColumnElement[bool]]:
    """The filters on `m` (the table or an alias of it, for the group sub-queries); `bound`:
    their values as bind parameters named as in `filter_values`, for a statement compiled
    once per shape."""
    values = filter_values(f)

    def v(name: str) -> sa.ColumnElement[Any]:
        if bound:
            return sa.bindparam(name, type_=_FILTER_TYPES[name])
        return sa.literal(values[name], _FILTER_TYPES[name])

    clauses: list[sa.ColumnElement[bool]] = []
    if "watch_ids" in values:
        clauses.append(in_watch(m, v("watch_ids")))
    for name, column in (("sources", m.source), ("sentiments", effective_sentiment(m)),
                         ("langs", m.lang), ("statuses", m.status)):
        if name in values:
            clauses.append(column == sa.any_(v(name)))
    if "unassigned" in values:
        clauses.append(m.assignee_id.is_(None))
    elif "assignee" in values:
        clauses.append(m.assignee_id == v("assignee"))
    if "tags" in values:
        clauses.append(m.tags.op("&&", return_type=sa.Boolean)(v("tags")))
    if "since" in values:
        clauses.append(m.published_at >= v("since"))
    if "until" in values:
        clauses.append(m.published_at < v("until"))
    if "q" in values:
        clauses.append(text_search(m, v("q")))
    return clauses


def merged_tags(add: Sequence[str], remove: Sequence[str], *, cap: bool = True
                ) -> sa.ColumnElement[list[str]]:
    """Existing tags minus `remove`, plus `add`, unique, in first-seen order: computed by
    PostgreSQL so a bulk action stays one UPDATE whatever each row holds."""
    cat = sa.func.array_cat(Mention.tags, sa.literal(list(add), TEXT_ARRAY))
    u = sa.func.unnest(cat).table_valued("t", with_ordinality="n").render_derived()
    kept = (sa.select(u.c.t).where(u.c.t != sa.all_(sa.literal(list(remove), TEXT_ARRAY)))
            .group_by(u.c.t).order_by(sa.func.min(u.c.n)))
    if cap:  # a concurrent write could pass the pre-check; the cap still holds
        kept = kept.limit(MAX_TAGS)
    return sa.func.array(kept.scalar_subquery(), type_=TEXT_ARRAY)


def _ordered(stmt: sa.Select, sort: Sort, after: Key | None, *, after_param: bool = False
             ) -> sa.Select:
    """Sorted, from the row after `after`, or after the `after_key`/`after_id` parameters."""
    key, row_id = sort_columns(Mention, sort)
    if after_param:
        stmt = stmt.where(sa.tuple_(key, row_id) < sa.tuple_(
            sa.bindparam("after_key", type_=key.type), sa.bindparam("after_id", type_=row_id.type)))
    elif after:
        stmt = stmt.where(sa.tuple_(key, row_id) < sa.tuple_(*after))
    return stmt.order_by(key.desc(), row_id.desc())


def _read_columns(notes: sa.ScalarSelect[int]) -> list[sa.ColumnElement[Any]]:
    """`MentionRead`'s fields as columns, in its order (but `duplicates`, which only a
    grouped page computes). UUIDs come as text: pydantic-core writes asyncpg's own UUID
    type several times slower."""
    m = Mention
    computed: dict[str, sa.ColumnElement[Any]] = {
        "id": sa.cast(m.id, sa.Text), "watch_ids": sa.cast(m.watch_ids, TEXT_ARRAY),
        "group_id": sa.cast(m.group_id, sa.Text), "assignee_id": sa.cast(m.assignee_id, sa.Text),
        "sentiment": effective_sentiment(m), "sentiment_computed": m.sentiment_label,
        "sentiment_corrected": m.sentiment_corrected.is_not(None), "note_count": notes}
    return [(computed[name] if name in computed else getattr(m, name)).label(name)
            for name in MentionRead.model_fields if name != "duplicates"]


# list_page()'s statements, compiled once per shape: the filters set, sort, cursor, grouping
# (bounded: at most 2^14 shapes, in practice the few combinations the inbox offers).
_LIST_QUERIES: dict[tuple[Any, ...], DriverQuery] = {}


class MentionRepository(TenantRepository[Mention]):
    model = Mention
    not_found = "Mention not found"

    def select(self) -> sa.Select:
        # The tsvector is for the index, never for the client.
        return super().select().options(defer(Mention.search))

    def in_workspace(self, workspace_id: uuid.UUID) -> list[sa.ColumnElement[bool]]:
        return [self.tenant_filter(), Mention.workspace_id == workspace_id]

    async def get_in(self, workspace_id: uuid.UUID, mention_id: uuid.UUID) -> Mention:
        return await self.get(mention_id, Mention.workspace_id == workspace_id)

    async def note_count(self, mention_id: uuid.UUID) -> int:
        return int(await self.session.scalar(sa.select(sa.func.count()).where(
            MentionNote.mention_id == mention_id)) or 0)

    async def list_page(self, workspace_id: uuid.UUID, f: MentionFilters, *, limit: int,
                        after: Key | None, group: bool
                        ) -> tuple[list[dict[str, Any]], str | None]:
        """One keyset range of the sort index per page, however deep: never OFFSET.

        Rows come as `MentionRead`'s fields, in its order, computed fields included: plain
        rows from a statement compiled once per shape, run on the driver (a page is the
        inbox's hot path)."""
        values = {**self.tenant_values(), **filter_values(f), "workspace_id": workspace_id,
                  "limit": limit + 1}
        if after:
            values["after_key"], values["after_id"] = after
        query = self._list_query(f, group, tuple(sorted(values)))
        records = await query.fetch(await driver_connection(self.session), **values)
        rows = [dict(r) for r in records]
        if not group:
            for row in rows:
                row["duplicates"] = None
        if len(rows) <= limit:
            return rows, None
        del rows[limit:]
        last = rows[-1]
        key = sort_columns(Mention, f.sort)[0].key
        return rows, encode_cursor(f.sort, last[key], uuid.UUID(last["id"]))

    @classmethod
    def _list_query(cls, f: MentionFilters, group: bool, names: tuple[str, ...]
                    ) -> DriverQuery:
        """`names`: the parameters the request binds, which say which filters and whether
        a cursor are in the statement."""
        key = (f.sort, group, names)
        if key not in _LIST_QUERIES:
            notes = (sa.select(sa.func.count()).where(MentionNote.mention_id == Mention.id)
                     .scalar_subquery())
            stmt = sa.select(*_read_columns(notes)).where(
                cls.driver_tenant_filter(), Mention.workspace_id == sa.bindparam(
                    "workspace_id", type_=sa.Uuid()), *filter_clauses(Mention, f, bound=True))
            if group:
                stmt = cls._collapse(stmt, f)
            stmt = _ordered(stmt, f.sort, None, after_param="after_key" in names)
            _LIST_QUERIES[key] = DriverQuery(stmt.limit(sa.bindparam("limit")))
        return _LIST_QUERIES[key]

    @staticmethod
    def _collapse(stmt: sa.Select, f: MentionFilters) -> sa.Select:
        """Near-duplicates collapsed: a mention is shown only if no other matching mention of
        its group sorts before it. Per candidate row that is a few index lookups
        (ix_mentions_group_id, primary key) instead of a DISTINCT ON over every match, so a
        page still costs a page.

        The pipeline leaves group_id NULL on the first mention seen and gives the later ones
        its id; the group test spells out the three cases rather than comparing
        coalesce(group_id, id): under row-level security only leakproof operators may drive
        an index scan, and PostgreSQL treats COALESCE as possibly leaky."""
        d = aliased(Mention)
        same_group = sa.and_(
            d.workspace_id == Mention.workspace_id, d.id != Mention.id,
            sa.or_(d.group_id == Mention.group_id, d.id == Mention.group_id,
                   d.group_id == Mention.id),
            *filter_clauses(d, f, bound=True))
        d_key, d_id = sort_columns(d, f.sort)
        m_key, m_id = sort_columns(Mention, f.sort)
        ahead = sa.exists().where(same_group, sa.tuple_(d_key, d_id) > sa.tuple_(m_key, m_id))
        dupes = sa.select(sa.func.count()).where(same_group).scalar_subquery()
        return stmt.add_columns(dupes.label("duplicates")).where(~ahead)

    async def export_batches(self, workspace_id: uuid.UUID, f: MentionFilters,
                             batch: int) -> AsyncIterator[list[sa.Row[Any]]]:
        """Every matching mention in sort order, one keyset batch at a time: plain rows, not
        ORM objects, so nothing accumulates in the session however long the export."""
        columns = (Mention.id, Mention.published_at, Mention.source, Mention.author,
                   Mention.url, Mention.title, Mention.text, Mention.lang,
                   effective_sentiment(Mention).label("sentiment"), Mention.reach,
                   Mention.status, Mention.tags, Mention.watch_ids)
        base = sa.select(*columns).where(*self.in_workspace(workspace_id),
                                         *filter_clauses(Mention, f))
        after: Key | None = None
        while True:
            rows = (await self.session.execute(
                _ordered(base, f.sort, after).limit(batch))).all()
            if rows:
                yield list(rows)
            if len(rows) < batch:
                return
            last = rows[-1]
            after = (last.published_at if f.sort == "date" else last.reach), last.id

    async def bulk_update(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID],
                          values: dict[str, Any]) -> int:
        """One UPDATE; ids of other workspaces or tenants simply match no row."""
        result = await self.session.execute(
            sa.update(Mention).where(*self.in_workspace(workspace_id), Mention.id.in_(ids))
            .values(**values).execution_options(synchronize_session=False))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def count_over_tag_cap(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID],
                                 add: Sequence[str], remove: Sequence[str]) -> int:
        over = sa.func.cardinality(merged_tags(add, remove, cap=False)) > MAX_TAGS
        return int(await self.session.scalar(sa.select(sa.func.count()).select_from(Mention)
                   .where(*self.in_workspace(workspace_id), Mention.id.in_(ids), over)) or 0)

    async def texts_of_watch(self, workspace_id: uuid.UUID, watch_id: uuid.UUID, *,
                             irrelevant: bool, limit: int) -> list[str]:
        status = Mention.status == MentionStatus.irrelevant
        stmt = (sa.select(Mention.title, Mention.text)
                .where(*self.in_workspace(workspace_id),
                       in_watch(Mention, watch_id),
                       status if irrelevant else ~status)
                .order_by(Mention.published_at.desc(), Mention.id.desc()).limit(limit))
        return [f"{title or ''}\n{text}".strip() for title, text in
                (await self.session.execute(stmt)).all()]


class NoteRepository(TenantRepository[MentionNote]):
    model = MentionNote
    not_found = "Note not found"


class CorrectionRepository(TenantRepository[SentimentCorrection]):
    model = SentimentCorrection

    async def pair_counts(self, workspace_id: uuid.UUID) -> list[tuple[str, str, int]]:
        c = SentimentCorrection
        stmt = (sa.select(c.computed_label, c.corrected_label, sa.func.count())
                .where(self.tenant_filter(), c.workspace_id == workspace_id)
                .group_by(c.computed_label, c.corrected_label)
                .order_by(sa.func.count().desc(), c.computed_label, c.corrected_label))
        return [tuple(r) for r in (await self.session.execute(stmt)).all()]  # type: ignore[misc]

    async def language_counts(self, workspace_id: uuid.UUID) -> list[tuple[str | None, int]]:
        c = SentimentCorrection
        stmt = (sa.select(c.lang, sa.func.count())
                .where(self.tenant_filter(), c.workspace_id == workspace_id)
                .group_by(c.lang).order_by(sa.func.count().desc(), c.lang))
        return [tuple(r) for r in (await self.session.execute(stmt)).all()]  # type: ignore[misc]


class WatchLookup(TenantRepository[Watch]):
    """Read-only access to the watches the inbox refers to (names, queries)."""

    model = Watch
    not_found = "Watch not found"

    async def get_in(self, workspace_id: uuid.UUID, watch_id: uuid.UUID) -> Watch:
        return await self.get(watch_id, Watch.workspace_id == workspace_id)

    async def all_in(self, workspace_id: uuid.UUID) -> list[Watch]:
        stmt = self.select().where(Watch.workspace_id == workspace_id).order_by(Watch.name)
        return list((await self.session.scalars(stmt)).all())


async def is_workspace_staff(session: AsyncSession, workspace: Workspace,
                             user_id: uuid.UUID) -> bool:
    """Agency staff reaching the workspace: organization owner/admin, or workspace member
    (the `member` role; client roles are not staff)."""
    admin = sa.exists().where(OrganizationMembership.organization_id == workspace.organization_id,
                              OrganizationMembership.user_id == user_id,
                              OrganizationMembership.role.in_([OrgRole.owner, OrgRole.admin]))
    member = sa.exists().where(WorkspaceMembership.workspace_id == workspace.id,
                               WorkspaceMembership.user_id == user_id,
                               WorkspaceMembership.role == WorkspaceRole.member)
    return bool(await session.scalar(sa.select(sa.or_(admin, member))))
