"""Pipeline phase of benchmarks/listening_bench.py: collected items → committed rows through
`app.listening.pipeline.ingest`, against a raw COPY of the same rows.

Every batch runs as a worker runs it: `tenant_session(TenantScope(...))` (the app role,
row-level security, the tenant set per transaction), `ingest`, commit. Right after it, the
rows it stored are read back and COPYed, in one transaction, into `mentions_copy` (same
columns, generated tsvector, indexes and foreign keys; as many rows) on the owner's
connection: the floor for storing exactly those rows.

Stage times come from wrappers put around the module-level names `ingest` looks up when it
runs (`_prepare`, `_fingerprint`, `canonical_url`, `neardup.word_set`/`band_hashes_many`,
`_entry`, `get_scorer`, `_Groups.match`, `_columns`) and around the session's `execute`: no app code
is changed, and the wrappers cost about 1 µs per call (~2,000 calls a batch). Language and
sentiment run in the scorer's child process (app/listening/enrichment.py): in the main
process they show as the time spent waiting for them; the child's own CPU is read from /proc.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import listening_data as ld
from listening_common import CLK_TCK, Ids, _ticks, pct, renice_backends

SMALL_BATCH, SMALL_BATCHES = 5, 10
# Ceilings: the same all-new batches with parts of `ingest` switched off, to show what each
# part costs against the COPY. Never the shipped pipeline; reported apart from the goals.
WHAT_IF = {
    "no_lookup": "no near-duplicate lookup of stored mentions (the batch grouped within "
                 "itself)",
    "insert_only": "no lookup, no MinHash, no language or sentiment: canonical URL, dedup "
                   "and INSERT only",
}
TRACKING = ("utm_source=twitter&utm_medium=social", "fbclid=IwAR0x9f", "utm_campaign=nl&xtor=RSS-1")


# --- instrumentation ------------------------------------------------------------------------


class Stages:
    """Seconds per stage, summed over the batches run while installed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: list[int] = []  # near-duplicate candidates returned, per batch
        self._saved: list[tuple[Any, str, Any]] = []
        self._in_prepare = False

    def _wrap(self, module: Any, name: str, stage: str) -> None:
        original = getattr(module, name)
        seconds = self.seconds

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - t0

        self._saved.append((module, name, original))
        setattr(module, name, timed)

    def install(self) -> None:
        from app.listening import neardup, pipeline

        stages = self
        prepare, fingerprint = pipeline._prepare, pipeline._fingerprint
        word_set, get_scorer = neardup.word_set, pipeline.get_scorer

        def in_prepare(function: Any) -> Any:
            def timed(rows: Any) -> Any:
                stages._in_prepare = True
                t0 = time.perf_counter()
                try:
                    return function(rows)
                finally:
                    stages._in_prepare = False
                    stages.seconds["prepare"] += time.perf_counter() - t0
            return timed

        def timed_word_set(text: str) -> Any:
            t0 = time.perf_counter()
            try:
                return word_set(text)
            finally:
                where = "prepare.word_set" if stages._in_prepare else "neardup.word_set"
                stages.seconds[where] += time.perf_counter() - t0

        class TimedScores:
            """A scoring future whose await is timed (the main process waiting)."""

            def __init__(self, inner: Any) -> None:
                self.inner = inner

            def __await__(self) -> Any:
                t0 = time.perf_counter()
                try:
                    return (yield from self.inner.__await__())
                finally:
                    stages.seconds["scores.wait"] += time.perf_counter() - t0

            def cancel(self) -> bool:
                return self.inner.cancel()

        class TimedScorer:
            def __init__(self, inner: Any) -> None:
                self.inner = inner

            def offloads(self, size: int) -> bool:
                return self.inner.offloads(size)

            def submit(self, entries: Any) -> TimedScores:
                t0 = time.perf_counter()
                try:
                    return TimedScores(self.inner.submit(entries))
                finally:
                    stages.seconds["scores.submit"] += time.perf_counter() - t0

            def in_place(self, entries: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    return self.inner.in_place(entries)
                finally:
                    stages.seconds["scores.in_place"] += time.perf_counter() - t0

        self._saved += [(pipeline, "_prepare", prepare), (pipeline, "_fingerprint", fingerprint),
                        (neardup, "word_set", word_set), (pipeline, "get_scorer", get_scorer)]
        pipeline._prepare = in_prepare(prepare)
        pipeline._fingerprint = in_prepare(fingerprint)
        neardup.word_set = timed_word_set
        pipeline.get_scorer = lambda: TimedScorer(get_scorer())
        self._wrap(pipeline, "canonical_url", "prepare.canonical_url")
        self._wrap(neardup, "band_hashes_many", "prepare.minhash_bands")
        self._wrap(pipeline, "_entry", "scores.entries")
        self._wrap(pipeline, "_columns", "insert.columns")
        self._wrap(pipeline._Groups, "match", "neardup.match")

    def restore(self) -> None:
        for module, name, original in reversed(self._saved):
            setattr(module, name, original)
        self._saved.clear()

    def watch_session(self, session: Any) -> None:
        """Time the near-duplicate query and the INSERT apart (the session is ours)."""
        from app.listening import pipeline

        execute = session.execute
        names = {id(pipeline._CANDIDATES): "neardup.query", id(pipeline._BY_BAND): "neardup.query",
                 id(pipeline._INSERT): "insert.sql", id(pipeline._KNOWN): "known.sql"}
        seconds = self.seconds

        counts = self.counts

        async def timed(statement: Any, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                result = await execute(statement, *args, **kwargs)
            finally:
                seconds[names.get(id(statement), "other.sql")] += time.perf_counter() - t0
            if statement is pipeline._CANDIDATES or statement is pipeline._BY_BAND:
                # rows are buffered: count, hand back
                frozen = result.freeze()
                counts.append(len(frozen().all()))
                return frozen()
            return result

        session.execute = timed


class _NoScorer:
    """Scores nothing: the language the source gave, a neutral sentiment."""

    @staticmethod
    def offloads(size: int) -> bool:
        return False

    @staticmethod
    def in_place(entries: Any) -> Any:
        import asyncio

        from app.listening.enrichment import Scores

        done = asyncio.get_running_loop().create_future()
        done.set_result([Scores(e.lang_hint, 0.0, "neutral") for e in entries])
        return done


@contextlib.contextmanager
def what_if(kind: str) -> Iterator[None]:
    """Switch parts of `ingest` off (see WHAT_IF) by replacing the module-level names it
    looks up when it runs, as `Stages` does; restored on exit."""
    from app.listening import pipeline

    async def no_candidates(*_args: Any) -> list[Any]:
        return []

    replaced = {"_candidates": no_candidates}
    if kind == "insert_only":
        replaced |= {"_fingerprint": lambda rows: None, "get_scorer": _NoScorer}
    saved = {name: getattr(pipeline, name) for name in replaced}
    try:
        for name, value in replaced.items():
            setattr(pipeline, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(pipeline, name, value)


def breakdown(seconds: dict[str, float], items: int) -> list[tuple[str, float]]:
    """Exclusive stages of the main process, in pipeline order, as µs per item; the last
    one is what is left: mostly waiting for INSERTs not hidden behind matching."""
    s = defaultdict(float, seconds)
    rows = [
        ("open: BEGIN + set_config (tenant)", s["open"]),
        ("prepare: canonical URL", s["prepare.canonical_url"]),
        ("prepare: word set", s["prepare.word_set"]),
        ("prepare: MinHash bands", s["prepare.minhash_bands"]),
        ("prepare: rest (dedup key, rows)", s["prepare"] - s["prepare.canonical_url"]
         - s["prepare.word_set"] - s["prepare.minhash_bands"]),
        ("known items: lookup (SQL)", s["known.sql"]),
        ("scoring: entries for the child", s["scores.entries"]),
        ("scoring: hand-over to the child", s["scores.submit"]),
        ("scoring: waiting for the child", s["scores.wait"]),
        ("scoring in place (small batches)", s["scores.in_place"]),
        ("near-dup: candidates query (SQL)", s["neardup.query"]),
        ("near-dup: word sets of candidates", s["neardup.word_set"]),
        ("near-dup: matching loop", s["neardup.match"]),
        ("insert: column arrays", s["insert.columns"]),
        # INSERTs run while the next chunk is matched: only what is left of them is waited
        # for; it is what remains of the total once the other stages are taken out.
        ("commit", s["commit"]),
    ]
    rows.append(("waiting for INSERTs (+ ingest glue)", s["total"] - sum(v for _, v in rows)))
    return [(name, v / items * 1e6) for name, v in rows]


# --- items ----------------------------------------------------------------------------------


def _item(d: ld.Draft, rng: random.Random, published: datetime,
          tracking: bool) -> Any:
    from app.connectors.base import CollectedItem

    url = d.url
    if tracking and d.source != "web":
        url += ("&" if "?" in url else "?") + rng.choice(TRACKING)
    hint = d.lang if rng.random() < ld.LANG_HINT_RATE.get(d.source, 0.0) else None
    return CollectedItem(source=d.source, external_id=d.external_id, url=url, title=d.title,
                         text=d.text, author=d.author, author_url=d.author_url,
                         published_at=published, lang_hint=hint, reach=d.reach)


class Items:
    """Batches as collectors hand them over: fresh posts (20 % with tracking parameters),
    5 % syndicated copies of a story stored in the last 30 days, 2 % copies of another
    item of the same batch; or already-stored items coming back."""

    def __init__(self, corpus: ld.Corpus, recent: list[Any], stored: list[Any]) -> None:
        self.corpus, self.rng = corpus, random.Random(corpus.rng.random())
        self.recent, self.stored = recent, stored
        self.planted = 0  # syndicated copies made, each one a near-duplicate to be grouped

    def _syndicated(self, title: str | None, text: str) -> ld.Draft:
        d = self.corpus.draft()
        words = text.split()
        at = self.rng.randrange(len(words) + 1)
        words.insert(at, self.rng.choice(("(maj)", "update:", "selon nos informations,",
                                          "reportedly", "AFP")))
        return dataclasses.replace(d, title=title, text=" ".join(words))

    def new(self, n: int) -> list[Any]:
        rng, now = self.rng, datetime.now(UTC)
        drafts: list[ld.Draft] = []
        for _ in range(n):
            roll = rng.random()
            if roll < 0.05 and self.recent:
                title, text = rng.choice(self.recent)
                drafts.append(self._syndicated(title, text))
                self.planted += 1
            elif roll < 0.07 and drafts:
                other = rng.choice(drafts)
                drafts.append(self._syndicated(other.title, other.text))
                self.planted += 1
            else:
                drafts.append(self.corpus.draft())
        return [_item(d, rng, now - timedelta(hours=rng.random() * 48), rng.random() < 0.2)
                for d in drafts]

    def again(self, n: int) -> list[Any]:
        """Items already stored, as a collector finds them again (half with tracking
        parameters: the canonical URL must still match)."""
        from app.connectors.base import CollectedItem

        out = []
        for _ in range(n):
            r = self.stored.pop()
            url = r["url"]
            if self.rng.random() < 0.5 and r["source"] != "web":
                url += ("&" if "?" in url else "?") + self.rng.choice(TRACKING)
            out.append(CollectedItem(
                source=r["source"], external_id=r["external_id"], url=url, title=r["title"],
                text=r["text"], author=r["author"], author_url=r["author_url"],
                published_at=r["published_at"], reach=r["reach"]))
        return out


async def samples(conn: Any, workspace_id: uuid.UUID) -> tuple[list[Any], list[Any]]:
    import json

    recent = [(r["title"], r["text"]) for r in await conn.fetch(
        "SELECT title, text FROM mentions WHERE workspace_id = $1 AND published_at > "
        "now() - interval '29 days' AND minhash_bands IS NOT NULL ORDER BY random() "
        "LIMIT 3000", workspace_id)]
    rows = await conn.fetchval("SELECT reltuples FROM pg_class WHERE relname = 'mentions'")
    share = min(100.0, 100.0 * 30_000 / max(rows, 1.0))
    stored = [dict(r) | {"reach": json.loads(r["reach_details"])} for r in await conn.fetch(
        "SELECT source, external_id, url, title, text, author, author_url, published_at, "
        f"reach_details FROM mentions TABLESAMPLE SYSTEM ({share:.4f}) REPEATABLE (7) "
        "WHERE workspace_id = $1 LIMIT 30000", workspace_id)]
    random.Random(3).shuffle(stored)
    return recent, stored


async def explain_candidates(owner: Any, ids: Ids, batch: list[Any]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS), as the app role, of the near-duplicate query `_candidates`
    sends for this batch (the bands of its items, as `_prepare` computes them)."""
    from listening_inbox import explain

    from app.listening import pipeline

    rows = pipeline._prepare(batch)
    pipeline._fingerprint(rows)
    bands = sorted({b for r in rows for b in r.bands or ()})
    sql = pipeline._CANDIDATES.text.replace(":workspace_id", "$1").replace(":bands", "$2")
    scope = [("SELECT set_config('app.admin_org_ids', $1, true), "
              "set_config('app.org_ids', $1, true)", (str(ids.org),))]
    return await explain(owner, scope, sql, (ids.workspace, bands))


# --- running batches ------------------------------------------------------------------------


class Runner:
    def __init__(self, ids: Ids, owner: Any, stages: Stages) -> None:
        self.ids, self.owner, self.stages = ids, owner, stages
        self.app_pids: set[int] = set()

    def track_app_backends(self) -> None:
        """Remember the backend pid of every connection the app's engine opens."""
        from sqlalchemy import event

        from app.core.db import get_database

        @event.listens_for(get_database().engine.sync_engine, "connect")
        def _connected(dbapi_connection: Any, _record: Any) -> None:
            self.app_pids.add(dbapi_connection.driver_connection.get_server_pid())

    def _app_ticks(self) -> int:
        return sum(_ticks(p) for p in self.app_pids)

    @staticmethod
    def _scorer_ticks() -> int:
        """CPU of the scorer's child processes (language and sentiment)."""
        from app.listening.enrichment import get_scorer

        return sum(_ticks(pid) for pid in get_scorer().child_pids())

    async def ingest(self, items: list[Any], watch_id: uuid.UUID) -> dict[str, Any]:
        from app.core.db import TenantScope, tenant_session
        from app.listening import pipeline

        s = self.stages.seconds
        scope = TenantScope(organization_ids={self.ids.org},
                            admin_organization_ids={self.ids.org})
        ticks, cpu, child = self._app_ticks(), time.process_time(), self._scorer_ticks()
        t0 = time.perf_counter()
        async with tenant_session(scope) as session:
            t_open = time.perf_counter()
            self.stages.watch_session(session)
            result = await pipeline.ingest(
                session, organization_id=self.ids.org, workspace_id=self.ids.workspace,
                watch_id=watch_id, items=items)
            t_body = time.perf_counter()
        t_end = time.perf_counter()
        s["open"] += t_open - t0
        s["commit"] += t_end - t_body
        s["total"] += t_end - t0
        return {"seconds": t_end - t0, "items": len(items), "inserted": result.inserted,
                "duplicates": result.duplicates, "grouped": result.grouped,
                "ids": result.inserted_ids, "python_cpu_s": time.process_time() - cpu,
                "pg_cpu_s": (self._app_ticks() - ticks) / CLK_TCK,
                "scorer_cpu_s": (self._scorer_ticks() - child) / CLK_TCK}

    async def copy(self, ids: list[uuid.UUID]) -> dict[str, Any]:
        """The same rows, as stored, COPYed into mentions_copy in one transaction."""
        rows = await self.owner.fetch(
            f"SELECT {', '.join(ld.COLUMNS)} FROM mentions WHERE id = ANY($1::uuid[])", ids)
        pid = self.owner.get_server_pid()
        ticks, t0 = _ticks(pid), time.perf_counter()
        async with self.owner.transaction():
            await self.owner.copy_records_to_table("mentions_copy", records=rows,
                                                   columns=ld.COLUMNS)
        return {"seconds": time.perf_counter() - t0, "rows": len(rows),
                "pg_cpu_s": (_ticks(pid) - ticks) / CLK_TCK}


def _rate(batches: list[dict[str, Any]], key: str) -> float:
    return sum(b[key] for b in batches) / sum(b["seconds"] for b in batches)


def _ratios(pipe: list[dict[str, Any]], copy: list[dict[str, Any]]) -> dict[str, float]:
    """Pipeline against COPY over all batches, and on the median batch: a GIN pending-list
    merge (256 kB) costs whichever insert fills it, on either side."""
    return {"ratio": _rate(pipe, "inserted") / _rate(copy, "rows"),
            "ratio_median_batch": pct([c["seconds"] / c["rows"] for c in copy], 50)
            / pct([b["seconds"] / b["inserted"] for b in pipe], 50)}


async def run(args: Any, ids: Ids, owner: Any, corpus: ld.Corpus) -> dict[str, Any]:
    from app.listening.language import warm_up
    from app.listening.sentiment import get_analyzer

    warm_up()
    get_analyzer().analyze_many(["warm up"], ["en"])
    recent, stored = await samples(owner, ids.workspace)
    items = Items(corpus, recent, stored)
    stages = Stages()
    runner = Runner(ids, owner, stages)
    runner.track_app_backends()
    rows_before = await owner.fetchval("SELECT count(*) FROM mentions")
    out: dict[str, Any] = {"batch_size": args.batch_size}

    # Warm-up (not counted): model loading, connections, prepared statements.
    inserted = 0  # checked at the end against the table
    for _ in range(2):
        warm = await runner.ingest(items.new(args.batch_size), ids.watch)
        await runner.copy(warm["ids"])
        inserted += warm["inserted"]
    renice_backends()

    stages.install()
    stages.seconds.clear()
    stages.counts.clear()
    items.planted = 0
    try:
        pipe, copy = [], []
        for _ in range(args.batches):
            batch = await runner.ingest(items.new(args.batch_size), ids.watch)
            copy.append(await runner.copy(batch.pop("ids")))
            pipe.append(batch)
        seconds, candidates = dict(stages.seconds), list(stages.counts)
        planted = items.planted
    finally:
        stages.restore()
    inserted += sum(b["inserted"] for b in pipe)
    total_items = sum(b["items"] for b in pipe)
    out["throughput"] = {
        "batches": len(pipe), "items": total_items,
        "inserted": sum(b["inserted"] for b in pipe),
        "grouped": sum(b["grouped"] for b in pipe),
        "neardup_candidates_per_batch": candidates,
        "planted_near_duplicates": planted,
        "pipeline_items_per_s": _rate(pipe, "items"),
        "pipeline_rows_per_s": _rate(pipe, "inserted"),
        "copy_rows_per_s": _rate(copy, "rows"),
        "pipeline_batch_ms": {"p50": pct([b["seconds"] * 1e3 for b in pipe], 50),
                              "max": max(b["seconds"] * 1e3 for b in pipe)},
        "copy_batch_ms": {"p50": pct([c["seconds"] * 1e3 for c in copy], 50),
                          "max": max(c["seconds"] * 1e3 for c in copy)},
        "pipeline_python_cpu_us_per_item": sum(b["python_cpu_s"] for b in pipe)
        / total_items * 1e6,
        "pipeline_pg_cpu_us_per_item": sum(b["pg_cpu_s"] for b in pipe) / total_items * 1e6,
        "pipeline_scorer_cpu_us_per_item": sum(b["scorer_cpu_s"] for b in pipe)
        / total_items * 1e6,
        "copy_pg_cpu_us_per_row": sum(c["pg_cpu_s"] for c in copy)
        / sum(c["rows"] for c in copy) * 1e6,
        "batches_ms": [round(b["seconds"] * 1e3, 1) for b in pipe],
        "copy_batches_ms": [round(c["seconds"] * 1e3, 1) for c in copy],
        "stages_us_per_item": breakdown(seconds, total_items),
        "insert_sql_us_per_item": seconds.get("insert.sql", 0.0) / total_items * 1e6,
    }
    out["throughput"] |= _ratios(pipe, copy)

    out["neardup_plan"] = await explain_candidates(owner, ids, items.new(args.batch_size))

    # 50 % duplicates (the same watch finding them again) against all-new batches,
    # alternated, the order flipping each pair so drift hits both.
    half = args.batch_size // 2
    new_b, dup_b, checks = [], [], []
    for pair in range(args.dup_pairs):
        for kind in (("new", "dup") if pair % 2 == 0 else ("dup", "new")):
            if kind == "new":
                b = await runner.ingest(items.new(args.batch_size), ids.watch)
                new_b.append(b)
            else:
                mixed = items.again(half) + items.new(args.batch_size - half)
                random.Random(pair).shuffle(mixed)
                b = await runner.ingest(mixed, ids.watch)
                checks.append(b["inserted"] == args.batch_size - half
                              and b["duplicates"] == half)
                dup_b.append(b)
            inserted += b["inserted"]
    out["duplicates"] = {
        "pairs": args.dup_pairs,
        "new_items_per_s": _rate(new_b, "items"), "dup_items_per_s": _rate(dup_b, "items"),
        "new_batch_ms": [round(b["seconds"] * 1e3, 1) for b in new_b],
        "dup_batch_ms": [round(b["seconds"] * 1e3, 1) for b in dup_b],
        "dup_batches_counted_right": all(checks),
    }
    out["duplicates"]["ratio"] = (out["duplicates"]["dup_items_per_s"]
                                  / out["duplicates"]["new_items_per_s"])

    # Another watch finding stored mentions: ON CONFLICT updates watch_ids (a new row
    # version in every index). Informative only.
    other = []
    for _ in range(2):
        mixed = items.again(half) + items.new(args.batch_size - half)
        other.append(await runner.ingest(mixed, ids.other_watch))
        inserted += other[-1]["inserted"]
    out["other_watch_dup_items_per_s"] = _rate(other, "items")

    # Small batches (a feed polled again: a few new items), whose near-duplicate lookup goes
    # through the band index instead of the 30-day scan. Informative only.
    stages.seconds.clear()  # the session's statements are timed whatever is installed
    small = [await runner.ingest(items.new(SMALL_BATCH), ids.watch)
             for _ in range(SMALL_BATCHES)]
    small_query_s = stages.seconds.get("neardup.query", 0.0)
    inserted += sum(b["inserted"] for b in small)
    out["small_batches"] = {
        "batches": len(small), "items_per_batch": SMALL_BATCH,
        "batch_ms_p50": pct([b["seconds"] * 1e3 for b in small], 50),
        "neardup_query_ms_per_batch": small_query_s / len(small) * 1e3}

    # Idempotence: the very same batch twice stores nothing the second time.
    same = items.new(args.batch_size)
    first = await runner.ingest(same, ids.watch)
    second = await runner.ingest(same, ids.watch)
    inserted += first["inserted"] + second["inserted"]
    rows_after = await owner.fetchval("SELECT count(*) FROM mentions")
    duplicate_keys = await owner.fetchval(
        "SELECT count(*) FROM (SELECT 1 FROM mentions GROUP BY workspace_id, dedup_key "
        "HAVING count(*) > 1) d")
    out["integrity"] = {
        "duplicate_dedup_keys": duplicate_keys,
        "rerun_inserted": second["inserted"],
        "rows_added": rows_after - rows_before, "rows_reported_inserted": inserted,
        "dup_batches_counted_right": all(checks),
    }
    out["integrity"]["ok"] = (duplicate_keys == 0 and second["inserted"] == 0
                              and rows_after - rows_before == inserted and all(checks))

    # Ceilings, after the checks (their rows lack bands and scores): the shipped pipeline
    # and each what-if in turn, batch by batch, so that drift (pending-list merges, the
    # table growing) hits them alike.
    runs: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
        kind: ([], []) for kind in ("shipped", *WHAT_IF)}
    for _ in range(args.what_if_batches):
        for kind, (pipe, copy) in runs.items():
            with what_if(kind) if kind in WHAT_IF else contextlib.nullcontext():
                batch = await runner.ingest(items.new(args.batch_size), ids.watch)
            copy.append(await runner.copy(batch.pop("ids")))
            pipe.append(batch)
    out["what_if"] = {kind: _ratios(pipe, copy) | {
        "pipeline_rows_per_s": _rate(pipe, "inserted"), "copy_rows_per_s": _rate(copy, "rows")}
        for kind, (pipe, copy) in runs.items() if pipe}
    return out
