"""The mention pipeline: collected items → stored mentions.

normalise → canonical URL → dedup per workspace (same URL; near-duplicates grouped) →
language → sentiment → one INSERT per chunk of up to CHUNK rows (the whole batch when it is
scored in place). Idempotent: items already stored are recognised by their dedup key first
and go no further than recording which watch found them again; `ON CONFLICT (workspace_id,
dedup_key)` covers a concurrent run storing the same item in between. Language and
sentiment of large batches are scored in another process while the database works (see
enrichment.py).
"""

import asyncio
import dataclasses
import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.connectors.base import CollectedItem
from app.listening import neardup
from app.listening.enrichment import Entry, Scores, get_scorer
from app.listening.urls import canonical_url

MAX_TEXT = 20_000
# Rows per INSERT when scoring runs in another process: the database stores one chunk while
# the next is scored. Smaller chunks overlap better, larger ones cost fewer round trips.
CHUNK = 100
# Sources whose URL does not identify one item: the web watcher emits several blocks of the
# same page, distinguished by their fragment.
_FRAGMENT_SOURCES = frozenset({"web"})
_TEXT_FIELDS = ("external_id", "url", "title", "text", "author", "author_url")
_REACH_KEYS = ("followers", "views", "score", "likes", "reposts", "comments")


@dataclass(frozen=True)
class IngestResult:
    received: int
    inserted: int
    duplicates: int
    grouped: int
    inserted_ids: list[uuid.UUID]


@dataclass
class _Row:
    item: CollectedItem
    canonical: str
    dedup_key: str
    words: frozenset[str] = frozenset()
    bands: list[int] | None = None
    lang: str | None = None
    score: float = 0.0
    label: str = "neutral"
    group_id: uuid.UUID | None = None
    id: uuid.UUID | None = None


def reach_of(reach: dict[str, int]) -> int:
    """One number to sort by: the audience if known, else the engagement."""
    for key in _REACH_KEYS:
        if reach.get(key):
            return int(reach[key])
    return 0


def _without_nul(item: CollectedItem) -> CollectedItem:
    """PostgreSQL text cannot hold NUL characters, which JSON APIs and feeds let through:
    one of them would fail the whole batch, and every later run of the source with it."""
    fields = {name: value.replace("\x00", "") for name in _TEXT_FIELDS
              if (value := getattr(item, name)) and "\x00" in value}
    return dataclasses.replace(item, **fields) if fields else item


def _prepare(items: Sequence[CollectedItem]) -> list[_Row]:
    """One row per dedup key: the canonical URL, or the source's own id without one."""
    rows: dict[str, _Row] = {}
    for item in map(_without_nul, items):
        canonical = canonical_url(item.url, keep_fragment=item.source in _FRAGMENT_SOURCES)
        key = hashlib.sha256((canonical or f"{item.source}:{item.external_id}").encode())
        dedup_key = key.hexdigest()[:40]
        if dedup_key not in rows:
            rows[dedup_key] = _Row(item, canonical, dedup_key)
    return list(rows.values())


def _fingerprint(rows: Sequence[_Row]) -> None:
    """Word sets and MinHash bands, for near-duplicates."""
    for row in rows:
        row.words = neardup.word_set(f"{row.item.title or ''} {row.item.text}")
    for row, bands in zip(rows, neardup.band_hashes_many([r.words for r in rows]),
                          strict=True):
        row.bands = bands


def brand_mask(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern of the watched names, removed before scoring sentiment: a brand called
    "Soleil", "Free" or "Lovely" says nothing about how people feel about it."""
    words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                      re.IGNORECASE)


def sentiment_text(item: CollectedItem, mask: re.Pattern[str] | None) -> str:
    text = f"{item.title}. {item.text}" if item.title else item.text
    return mask.sub(" ", text) if mask else text


def _entry(row: _Row, mask: re.Pattern[str] | None) -> Entry:
    item = row.item
    lang_text = "" if item.lang_hint else f"{item.title or ''} {item.text}"
    return Entry(item.lang_hint, lang_text, sentiment_text(item, mask))


def _apply(rows: Sequence[_Row], scores: Sequence[Scores]) -> None:
    for row, scored in zip(rows, scores, strict=True):
        row.lang, row.score, row.label = scored


# Earlier mentions of the last 30 days sharing a band with the batch, newest first. The
# inner scan reads only `ix_mentions_neardup` (an index-only scan: the bands and the row-level
# security policy's columns are in it), the heap is read for the few rows that match.
# `minhash_bands && :bands` would compare the arrays element by element (8 x ~4,000 per row);
# `IN (SELECT unnest(...))` is a hashed subplan, built once per band position, so each row
# costs eight hash probes, with a generic plan as well as a custom one.
# The scan costs the same for 5 items as for 500. A small batch (up to _BY_BAND_MAX bands)
# looks its bands up in the GIN index on minhash_bands instead (vigie_neardup_by_band, a few
# ms); a large one would fetch every mention that ever shared one of its thousands of bands,
# at random across the table: 250-600 ms with a cold cache against ~50 ms for the scan.
_BAND_MATCH = " OR ".join(f"minhash_bands[{i}] IN (SELECT unnest(CAST(:bands AS bigint[])))"
                          for i in range(1, neardup.BANDS + 1))
_CANDIDATES = sa.text(
    "SELECT id, group_id, minhash_bands, title, text FROM mentions "  # noqa: S608 (constant)
    "WHERE id IN (SELECT id FROM mentions WHERE workspace_id = :workspace_id "
    "AND published_at > now() - interval '30 days' AND minhash_bands IS NOT NULL "
    f"AND ({_BAND_MATCH}) ORDER BY published_at DESC LIMIT 500)"
)
# Items already stored (a feed polled again returns mostly those): they are neither scored
# nor matched again; the watch that found them again is added to them, once.
_KNOWN = sa.text("""
WITH known AS (
    SELECT id, dedup_key FROM mentions
    WHERE workspace_id = :workspace_id AND dedup_key = ANY(CAST(:keys AS text[]))
), seen AS (
    UPDATE mentions SET watch_ids = mentions.watch_ids || ARRAY[CAST(:watch_id AS uuid)]
    FROM known
    WHERE mentions.id = known.id AND NOT mentions.watch_ids @> ARRAY[CAST(:watch_id AS uuid)]
)
SELECT dedup_key FROM known
""")


_BY_BAND = sa.text("SELECT * FROM vigie_neardup_by_band(:workspace_id, "
                   "CAST(:bands AS bigint[]))")
_BY_BAND_MAX = 320  # bands: 40 items
# Under row-level security the GIN index serves `&&` only if arrayoverlap is LEAKPROOF (the
# listening migration marks it when run as a superuser); without it, the lookup would test
# every row's array against the batch's: the scan is then the cheaper one.
_OVERLAP_INDEXABLE = sa.text("SELECT proleakproof FROM pg_proc "
                             "WHERE oid = 'arrayoverlap(anyarray, anyarray)'::regprocedure")
_by_band_usable: bool | None = None


async def _candidates(session: AsyncSession, workspace_id: uuid.UUID, rows: list[_Row]
                      ) -> Sequence[sa.Row[Any]]:
    global _by_band_usable
    bands = sorted({b for r in rows for b in r.bands or ()})
    if not bands:
        return []
    small = len(bands) <= _BY_BAND_MAX
    if small and _by_band_usable is None:  # once per process
        _by_band_usable = bool(await session.scalar(_OVERLAP_INDEXABLE))
    query = _BY_BAND if small and _by_band_usable else _CANDIDATES
    return (await session.execute(query, {"workspace_id": workspace_id, "bands": bands})).all()


async def _unknown(session: AsyncSession, workspace_id: uuid.UUID, watch_id: uuid.UUID,
                   rows: list[_Row]) -> list[_Row]:
    """The rows not stored yet; those already stored are now also found by `watch_id`."""
    known = set((await session.execute(_KNOWN, {
        "workspace_id": workspace_id, "watch_id": watch_id,
        "keys": [r.dedup_key for r in rows]})).scalars())
    return [r for r in rows if r.dedup_key not in known] if known else rows


class _Groups:
    """The near-duplicate groups a batch can join: earlier mentions sharing a band with it,
    then each row of the batch once matched (later rows can join its group)."""

    def __init__(self, candidates: Sequence[sa.Row[Any]]) -> None:
        # Entries in the order they are compared; each band lists the entries that carry
        # it, so a row is compared only with those sharing one of its bands.
        self.known: list[tuple[uuid.UUID, frozenset[str]]] = []
        self.by_band: dict[int, list[int]] = {}
        for c in candidates:
            self._remember(c.group_id or c.id, c.minhash_bands or (),
                           neardup.word_set(f"{c.title or ''} {c.text}"))

    def _remember(self, group_id: uuid.UUID, bands: Sequence[int],
                  words: frozenset[str]) -> None:
        for band in bands:
            self.by_band.setdefault(band, []).append(len(self.known))
        self.known.append((group_id, words))

    def match(self, rows: Sequence[_Row]) -> int:
        """Give each near-duplicate the group of the earlier mention it repeats; returns how
        many rows joined a group."""
        grouped = 0
        for row in rows:
            if not row.bands:
                continue
            row.id = uuid.uuid4()
            shared = {i for band in row.bands for i in self.by_band.get(band, ())}
            for index in sorted(shared):
                group_id, other_words = self.known[index]
                if neardup.similarity(row.words, other_words) >= neardup.SIMILARITY:
                    row.group_id = group_id
                    grouped += 1
                    break
            self._remember(row.group_id or row.id, row.bands, row.words)
        return grouped


_INSERT = sa.text("""
INSERT INTO mentions (id, organization_id, workspace_id, watch_ids, source, external_id,
    dedup_key, url, canonical_url, title, text, author, author_url, published_at,
    collected_at, lang, sentiment_score, sentiment_label, reach, reach_details, group_id,
    minhash_bands, status, tags, created_at, updated_at)
SELECT u.id, :organization_id, :workspace_id, ARRAY[CAST(:watch_id AS uuid)], u.source,
    u.external_id, u.dedup_key, u.url, u.canonical_url, u.title, u.text, u.author,
    u.author_url, u.published_at, :now, u.lang, u.score, u.label, u.reach,
    CAST(u.reach_details AS jsonb), u.group_id,
    CASE WHEN u.bands = '' THEN NULL ELSE CAST(string_to_array(u.bands, ',') AS bigint[]) END,
    'new', '{}', :now, :now
FROM unnest(CAST(:ids AS uuid[]), CAST(:sources AS text[]), CAST(:external_ids AS text[]),
    CAST(:dedup_keys AS text[]), CAST(:urls AS text[]), CAST(:canonicals AS text[]),
    CAST(:titles AS text[]), CAST(:texts AS text[]), CAST(:authors AS text[]),
    CAST(:author_urls AS text[]), CAST(:published AS timestamptz[]), CAST(:langs AS text[]),
    CAST(:scores AS float8[]), CAST(:labels AS text[]), CAST(:reaches AS int[]),
    CAST(:reach_details AS text[]), CAST(:group_ids AS uuid[]), CAST(:bands AS text[]))
    AS u(id, source, external_id, dedup_key, url, canonical_url, title, text, author,
         author_url, published_at, lang, score, label, reach, reach_details, group_id, bands)
ON CONFLICT (workspace_id, dedup_key) DO UPDATE
    SET watch_ids = mentions.watch_ids || EXCLUDED.watch_ids
    WHERE NOT mentions.watch_ids @> EXCLUDED.watch_ids
RETURNING id, (xmax = 0) AS inserted
""")


def _columns(rows: list[_Row]) -> dict[str, list]:
    items = [r.item for r in rows]
    return {
        "ids": [r.id or uuid.uuid4() for r in rows],
        "sources": [i.source for i in items],
        "external_ids": [i.external_id[:500] for i in items],
        "dedup_keys": [r.dedup_key for r in rows],
        "urls": [i.url[:2048] for i in items],
        "canonicals": [r.canonical[:2048] for r in rows],
        "titles": [i.title[:1000] if i.title else None for i in items],
        "texts": [i.text[:MAX_TEXT] for i in items],
        "authors": [i.author[:300] if i.author else None for i in items],
        "author_urls": [i.author_url[:2048] if i.author_url else None for i in items],
        "published": [i.published_at for i in items],
        "langs": [r.lang for r in rows],
        "scores": [r.score for r in rows],
        "labels": [r.label for r in rows],
        "reaches": [min(reach_of(i.reach), 2**31 - 1) for i in items],
        "reach_details": [json.dumps(i.reach) for i in items],
        "group_ids": [r.group_id for r in rows],
        "bands": [",".join(map(str, r.bands)) if r.bands else "" for r in rows],
    }


async def _insert(session: AsyncSession, organization_id: uuid.UUID,
                  workspace_id: uuid.UUID, watch_id: uuid.UUID, rows: list[_Row]
                  ) -> list[uuid.UUID]:
    """One INSERT for `rows`; the ids of those that were new."""
    result = (await session.execute(_INSERT, {
        "organization_id": organization_id, "workspace_id": workspace_id,
        "watch_id": watch_id, "now": datetime.now(UTC), **_columns(rows)})).all()
    return [r.id for r in result if r.inserted]


async def ingest(session: AsyncSession, *, organization_id: uuid.UUID,
                 workspace_id: uuid.UUID, watch_id: uuid.UUID,
                 items: Sequence[CollectedItem], brand_terms: Sequence[str] = ()
                 ) -> IngestResult:
    """Store a batch of items found by one watch. The caller's transaction commits it.

    `brand_terms` (the watch's own names) are left out of sentiment scoring."""
    rows = _prepare(items)
    if rows:
        rows = await _unknown(session, workspace_id, watch_id, rows)
    if not rows:
        return IngestResult(len(items), 0, len(items), 0, [])
    _fingerprint(rows)
    mask = brand_mask(brand_terms)
    scorer = get_scorer()
    # A large batch is scored in another process, chunk by chunk, while the database finds
    # near-duplicate candidates; each chunk is stored once scored, and its INSERT runs while
    # this process matches the next chunk.
    offload = scorer.offloads(len(rows))
    chunks = [rows[i:i + CHUNK] for i in range(0, len(rows), CHUNK)] if offload else [rows]
    scoring = [(scorer.submit if offload else scorer.in_place)([_entry(r, mask) for r in chunk])
               for chunk in chunks]
    storing: asyncio.Future[list[uuid.UUID]] | None = None
    try:
        groups = _Groups(await _candidates(session, workspace_id, rows))
        grouped, inserted = 0, []
        for chunk, scores in zip(chunks, scoring, strict=True):
            grouped += groups.match(chunk)
            _apply(chunk, await scores)
            if storing is not None:
                inserted += await storing
            storing = asyncio.ensure_future(
                _insert(session, organization_id, workspace_id, watch_id, chunk))
            # One turn of the event loop sends the INSERT; the database then works on it
            # while the next chunk is matched (pure CPU, with no await in between).
            await asyncio.sleep(0)
        if storing is not None:
            inserted += await storing
    finally:
        for pending in scoring:
            pending.cancel()
        if storing is not None and not storing.done():
            # An error while matching: the statement in flight must end before the caller
            # rolls back on the same connection.
            storing.cancel()
            await asyncio.gather(storing, return_exceptions=True)
    return IngestResult(len(items), len(inserted), len(items) - len(inserted), grouped,
                        inserted)
