"""The listening pipeline and the mentions inbox over 1M mentions, each next to its floor.

    .venv/bin/python benchmarks/listening_bench.py [--rows 1000000] [--reuse]

Creates (drops first) the database `vigie_listening_bench` on the DATABASE_URL server,
migrates it with Alembic, seeds one organization, workspace, watch and owner by SQL, COPYs
`--rows` realistic mentions (benchmarks/listening_data.py) into `mentions` and the same rows
into `mentions_copy` (`LIKE mentions INCLUDING ALL`, plus the same foreign keys), then:

1. pipeline: batches of collected items through `app.listening.pipeline.ingest` in a
   `tenant_session` (app role, RLS, one commit per batch), each followed by a raw COPY of
   the rows it stored into `mentions_copy`; per-stage times; 50 %-duplicate batches against
   all-new ones; duplicate and idempotence checks;
2. inbox: `GET /api/v1/workspaces/{ws}/mentions` through the real app in-process (httpx
   ASGITransport, a real JWT), each request followed by the same SQL sent by asyncpg on a
   connection switched to the app role (same set_config, so the same RLS); filtered search,
   first vs 20,000-rows-deep page, broad and rare terms; EXPLAIN (ANALYZE, BUFFERS) of each.

Prints a table with the goals and writes JSON (with the plans) to benchmarks/results/. See
benchmarks/README.md, section "listening_bench.py".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
ROLE = "vigie_app"

GOALS = {"pipeline_vs_copy": 0.7, "dup_vs_new": 0.9, "inbox_vs_driver": 1.5,
         "deep_vs_first": 1.5, "broad_ms": 100.0}

sys.path.insert(0, str(BENCH_DIR))
from listening_common import BENCH_DATABASE, Ids, Meter, renice_backends  # noqa: E402

# --- setup --------------------------------------------------------------------------------


def bench_url(server_url: str, database: str = BENCH_DATABASE) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=database, drivername="postgresql") \
        .render_as_string(hide_password=False)


def configure_env(args: argparse.Namespace) -> str:
    """Before anything imports app.*: Settings are read once and cached."""
    from cryptography.fernet import Fernet

    url = bench_url(args.server_url)
    os.environ.update({
        "DATABASE_URL": url, "REDIS_URL": args.redis_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_APP_ROLE": ROLE, "LOG_LEVEL": "WARNING", "LOG_JSON": "false",
        "RATE_LIMIT_USER_PER_MINUTE": "1000000", "ACCESS_TOKEN_MINUTES": "720",
        "DATA_DIR": str(Path(tempfile.gettempdir()) / "vigie-listening-bench"),
    })
    return url


async def database_exists(server_url: str) -> bool:
    import asyncpg

    conn = await asyncpg.connect(bench_url(server_url, "postgres"))
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1",
                                        BENCH_DATABASE))
    finally:
        await conn.close()


async def recreate_database(server_url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(bench_url(server_url, "postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    finally:
        await conn.close()


def migrate(database_url: str, vigie_dir: Path) -> None:
    """Alembic as the project runs it, from the tree under test (sync: env.py runs its own
    event loop)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(vigie_dir / "alembic.ini"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


SEED = (
    ("INSERT INTO organizations (id, name, slug, created_at, updated_at) "
     "VALUES ($1, 'Agence Lumière', 'agence-lumiere', now(), now())", ("org",)),
    ("INSERT INTO workspaces (id, organization_id, name, slug, timezone, locale, brand_name, "
     "keywords, competitors, created_at, updated_at) VALUES ($1, $2, 'Orivane', 'orivane', "
     "'Europe/Paris', 'fr', 'Orivane', '{orivane}', '{kalydo}', now(), now())",
     ("workspace", "org")),
    ("INSERT INTO users (id, email, full_name, password_hash, locale, is_active, created_at, "
     "updated_at) VALUES ($1, 'owner@agency.example.com', 'Olivia Owner', 'unusable', 'fr', "
     "true, now(), now())", ("user",)),
    ("INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at) "
     "VALUES (gen_random_uuid(), $1, $2, 'owner', now())", ("org", "user")),
    ("INSERT INTO watches (id, organization_id, workspace_id, name, kind, query, languages, "
     "interval_minutes, status, created_by, created_at, updated_at) VALUES "
     "($1, $3, $4, 'Orivane', 'brand', 'orivane', '{fr,en}', 15, 'active', $5, now(), now()), "
     "($2, $3, $4, 'Kalydo', 'product', 'kalydo', '{fr,en}', 15, 'active', $5, now(), now())",
     ("watch", "other_watch", "org", "workspace", "user")),
)


async def seed(conn: Any, ids: Ids) -> None:
    """One agency (organization), its owner, one client workspace with two watches: by SQL
    as the tables' owner, which row-level security does not restrict (superuser)."""
    async with conn.transaction():
        for sql, names in SEED:
            await conn.execute(sql, *(getattr(ids, n) for n in names))


async def load_ids(conn: Any) -> Ids:
    row = await conn.fetchrow(
        "SELECT w.organization_id AS org, w.id AS workspace, "
        "(SELECT id FROM watches WHERE name = 'Orivane') AS watch, "
        "(SELECT id FROM watches WHERE name = 'Kalydo') AS other_watch, "
        "(SELECT user_id FROM organization_memberships LIMIT 1) AS user "
        "FROM workspaces w LIMIT 1")
    return Ids(row["org"], row["workspace"], row["watch"], row["other_watch"], row["user"])


# --- the 1M-row load ------------------------------------------------------------------------


async def _plain_indexes(conn: Any, table: str) -> list[tuple[str, str]]:
    """Indexes that back no constraint: dropped during the load, rebuilt after it."""
    return [(r["indexname"], r["indexdef"]) for r in await conn.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "AND tablename = $1 AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = $1::regclass)", table)]


async def _rebuild(conn: Any, indexes: list[tuple[str, str]]) -> dict[str, float]:
    timings = {}
    for name, definition in indexes:
        t0 = time.perf_counter()
        await conn.execute(definition)
        timings[name] = time.perf_counter() - t0
    return timings


async def create_copy_table(conn: Any) -> None:
    """Same columns (with the generated tsvector), indexes, constraints and foreign keys as
    `mentions`: no RLS policy (COPY runs as the owner, as a raw load would)."""
    await conn.execute("CREATE TABLE mentions_copy (LIKE mentions INCLUDING ALL)")
    for row in await conn.fetch("SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint "
                                "WHERE conrelid = 'mentions'::regclass AND contype = 'f'"):
        await conn.execute(f"ALTER TABLE mentions_copy ADD {row['d']}")


def _index_key(definition: str) -> str:
    """An index definition without its name, table and storage options."""
    body = re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON \S+ ", "", definition)
    return re.sub(r" WITH \(.*\)$", "", body)


async def sync_copy_index_options(conn: Any) -> list[str]:
    """Give each index of `mentions_copy` the storage options of its twin on `mentions`: a
    reused database gets new migrations on `mentions` only. Returns the indexes changed."""
    query = ("SELECT c.relname AS name, am.amname AS method, pg_get_indexdef(c.oid) AS def, "
             "coalesce(c.reloptions, '{}') AS options FROM pg_index x "
             "JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam "
             "WHERE x.indrelid = $1::regclass")
    wanted = {_index_key(r["def"]): sorted(r["options"])
              for r in await conn.fetch(query, "mentions")}
    changed = []
    for r in await conn.fetch(query, "mentions_copy"):
        options = wanted.get(_index_key(r["def"]))
        if options is None or options == sorted(r["options"]):
            continue
        reset = {o.split("=")[0] for o in r["options"]} - {o.split("=")[0] for o in options}
        if reset:
            await conn.execute(f'ALTER INDEX "{r["name"]}" RESET ({", ".join(reset)})')
        if options:
            await conn.execute(f'ALTER INDEX "{r["name"]}" SET ({", ".join(options)})')
        if r["method"] == "gin":
            await conn.execute("SELECT gin_clean_pending_list($1::regclass)", r["name"])
        changed.append(r["name"])
    return changed


async def bulk_load(args: argparse.Namespace, url: str, ids: Ids) -> dict[str, Any]:
    import asyncpg
    import listening_data as ld

    out: dict[str, Any] = {}
    conns = [await asyncpg.connect(url) for _ in range(2)]
    try:
        for conn in conns:
            await conn.execute("SET maintenance_work_mem = '1GB'; "
                               "SET max_parallel_maintenance_workers = 0")
        a, b = conns
        renice_backends()
        await create_copy_table(a)
        plain = {t: await _plain_indexes(a, t) for t in ("mentions", "mentions_copy")}
        for indexes in plain.values():
            for name, _ in indexes:
                await a.execute(f'DROP INDEX "{name}"')
        corpus = ld.Corpus(args.seed)
        ld.check_band_hashes(corpus)
        corpus.counter = 0
        with Meter() as m:
            await a.copy_records_to_table(
                "mentions", columns=ld.COLUMNS, records=corpus.records(
                    args.rows, organization_id=ids.org, workspace_id=ids.workspace,
                    watch_id=ids.watch, now=datetime.now(UTC)))
        out["copy_mentions"] = m.as_dict() | {"rows_per_s": args.rows / m.wall}
        print(f"  COPY {args.rows:,} rows into mentions: {m.wall:.0f} s", flush=True)
        columns = ", ".join(ld.COLUMNS)

        async def copy_table() -> dict[str, Any]:
            t0 = time.perf_counter()
            await b.execute(f"INSERT INTO mentions_copy ({columns}) SELECT {columns} "
                            "FROM mentions")
            copied = time.perf_counter() - t0
            return {"insert_select_s": copied, "indexes_s": await _rebuild(
                b, plain["mentions_copy"])}

        with Meter() as m:
            built, copied = await asyncio.gather(_rebuild(a, plain["mentions"]), copy_table())
        out["indexes_mentions_s"], out["mentions_copy"] = built, copied
        print(f"  indexes + mentions_copy: {m.wall:.0f} s", flush=True)
        with Meter() as m:
            await asyncio.gather(a.execute("VACUUM (ANALYZE) mentions"),
                                 b.execute("VACUUM (ANALYZE) mentions_copy"))
            await a.execute("CHECKPOINT")
        out["vacuum_analyze_checkpoint_s"] = m.wall
        print(f"  VACUUM ANALYZE + CHECKPOINT: {m.wall:.0f} s", flush=True)
    finally:
        for conn in conns:
            await conn.close()
    return out


async def describe_data(conn: Any) -> dict[str, Any]:
    import listening_data as ld

    terms = {}
    for tier, term in ld.TERMS.items():
        terms[tier] = {"term": term, "rows": await conn.fetchval(
            f"SELECT count(*) FROM mentions WHERE search @@ {TSQUERY}", term)}
    sizes = {r["name"]: r["bytes"] for r in await conn.fetch(
        "SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c "
        "WHERE c.relname LIKE 'mentions%' OR c.relname LIKE 'ix_mentions%' "
        "OR c.relname LIKE 'uq_mentions%' ORDER BY 1")}
    stats = await conn.fetchrow(
        "SELECT count(*) AS rows, count(*) FILTER (WHERE minhash_bands IS NULL) AS no_bands, "
        "count(*) FILTER (WHERE published_at > now() - interval '30 days') AS last_30_days, "
        "avg(length(text) + coalesce(length(title), 0))::int AS avg_chars, "
        "count(*) FILTER (WHERE sentiment_label = 'negative') AS negative, "
        "count(*) FILTER (WHERE lang = 'fr') AS fr, count(*) FILTER (WHERE lang = 'en') AS en "
        "FROM mentions")
    return {"terms": terms, "relation_bytes": sizes, **dict(stats)}


TSQUERY = ("(websearch_to_tsquery('french'::regconfig, $1) || "
           "websearch_to_tsquery('english'::regconfig, $1) || "
           "websearch_to_tsquery('simple'::regconfig, $1))")


# --- run ------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, url: str, reuse: bool) -> dict[str, Any]:
    import asyncpg
    import listening_data as ld

    results: dict[str, Any] = {"rows": args.rows, "reused_database": reuse}
    owner = await asyncpg.connect(url)
    renice_backends(args.nice)
    try:
        if reuse:
            ids = await load_ids(owner)
            for name in await sync_copy_index_options(owner):
                print(f"  mentions_copy: {name} given the options of its twin", flush=True)
        else:
            ids = Ids()
            await seed(owner, ids)
            print(f"Loading {args.rows:,} mentions ...", flush=True)
            with Meter() as m:
                results["load"] = await bulk_load(args, url, ids)
            results["load"]["total"] = m.as_dict()
        results["data"] = await describe_data(owner)
        # A reused database holds the texts earlier runs stored: the same seed would make
        # every new item a near-duplicate of one of them.
        corpus = ld.Corpus(args.seed + 1 + (int(time.time()) if reuse else 0))
        # New items must never reuse a stored URL, whatever ran before on this database.
        corpus.counter = 100_000_000 + int(time.time()) % 1_000_000 * 1_000
        if "pipeline" in args.sections:
            import listening_pipeline

            print("Pipeline ...", flush=True)
            with Meter() as m:
                results["pipeline"] = await listening_pipeline.run(args, ids, owner, corpus)
            results["pipeline"]["meter"] = m.as_dict()
        if "inbox" in args.sections:
            import listening_inbox

            print("Inbox ...", flush=True)
            with Meter() as m:
                results["inbox"] = await listening_inbox.run(args, ids, url, owner,
                                                             results["data"])
            results["inbox"]["meter"] = m.as_dict()
    finally:
        await owner.close()
        from app.core.db import close_database

        await close_database()
    return results


# --- report ---------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, goal, verdict) rows."""
    rows: list[tuple[str, str, str, str]] = []
    p = results.get("pipeline")
    if p:
        t, d, i = p["throughput"], p["duplicates"], p["integrity"]
        rows += [
            ("pipeline, items -> committed rows (rows/s)", f"{t['pipeline_rows_per_s']:,.0f}",
             "", ""),
            ("raw COPY of the same rows, same batches (rows/s)", f"{t['copy_rows_per_s']:,.0f}",
             "", ""),
            ("pipeline / COPY (all batches; median batch)",
             f"{t['ratio']:.2f}x; {t['ratio_median_batch']:.2f}x",
             f">= {GOALS['pipeline_vs_copy']}x",
             _verdict(t["ratio"] >= GOALS["pipeline_vs_copy"])),
            ("50 %-duplicate batch / all-new batch (items/s)",
             f"{d['ratio']:.2f}x ({d['dup_items_per_s']:,.0f} vs {d['new_items_per_s']:,.0f})",
             f">= {GOALS['dup_vs_new']}x", _verdict(d["ratio"] >= GOALS["dup_vs_new"])),
            ("duplicate rows (dedup_key) / re-run inserted",
             f"{i['duplicate_dedup_keys']} / {i['rerun_inserted']}", "0 / 0",
             _verdict(i["ok"])),
        ]
    inbox = results.get("inbox")
    if inbox:
        rows += inbox_rows(inbox)
    return rows


def inbox_rows(inbox: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []
    f = inbox["scenarios"]["filtered"]
    rows.append(("inbox filtered search, app p50/p95/p99 (ms)",
                 f"{f['app']['p50']:.1f} / {f['app']['p95']:.1f} / {f['app']['p99']:.1f}",
                 "", ""))
    rows.append(("same SQL via asyncpg, p50/p95/p99 (ms)",
                 f"{f['driver']['p50']:.1f} / {f['driver']['p95']:.1f} / "
                 f"{f['driver']['p99']:.1f}", "", ""))
    for q in ("p95", "p99"):
        ratio = f["app"][q] / f["driver"][q]
        rows.append((f"app / driver {q}", f"{ratio:.2f}x", f"<= {GOALS['inbox_vs_driver']}x",
                     _verdict(ratio <= GOALS["inbox_vs_driver"])))
    for name, label in (("deep_plain", "no filter"), ("deep_broad", "q=<broad term>")):
        deep = inbox["scenarios"].get(name)
        if deep:
            ratio = deep["deep"]["p95"] / deep["first"]["p95"]
            rows.append((f"page 20,000 rows deep / first page, p95 ({label})",
                         f"{ratio:.2f}x ({deep['deep']['p95']:.1f} vs "
                         f"{deep['first']['p95']:.1f} ms)", f"<= {GOALS['deep_vs_first']}x",
                         _verdict(ratio <= GOALS["deep_vs_first"])))
    for name, label in (("broad", "broad term (~50 %) first page"),
                        ("broad_negative", "broad term + negative, first page"),
                        ("rare", "rare term (~0.01 %) first page"),
                        ("rare_after_broad", "rare term, right after broad (same stmt)"),
                        ("medium", "medium term (~1 %) first page")):
        s = inbox["scenarios"].get(name)
        if s:
            goal = name.startswith("broad")
            rows.append((f"{label}, app p95 (p99)",
                         f"{s['app']['p95']:.1f} ({s['app']['p99']:.1f}) ms",
                         f"< {GOALS['broad_ms']:.0f} ms" if goal else "",
                         _verdict(s["app"]["p95"] < GOALS["broad_ms"]) if goal else ""))
    return rows


def print_report(results: dict[str, Any]) -> None:
    rows = table(results) or [("(no section run)", "", "", "")]
    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'figure':<{width}}  {'value':<34} {'goal':<10} verdict")
    for figure, value, goal, verdict in rows:
        print(f"{figure:<{width}}  {value:<34} {goal:<10} {verdict}")
    p = results.get("pipeline")
    if p:
        t = p["throughput"]
        import app.listening.pipeline as pipeline_module

        print(f"\nPipeline code: {Path(pipeline_module.__file__).parent}")
        print(f"Pipeline stages, µs per item ({t['items']:,} items in {t['batches']} batches "
              f"of {p['batch_size']}; {t['grouped']} grouped as near-duplicates):")
        total = sum(v for _, v in t["stages_us_per_item"])
        for name, us in t["stages_us_per_item"]:
            print(f"  {name:<38} {us:8.0f}  {us / total:6.1%}")
        print(f"  {'total':<38} {total:8.0f}")
        print(f"  INSERT statements, from sent to answered (partly hidden behind matching): "
              f"{t['insert_sql_us_per_item']:.0f} µs per item")
        if c := t["neardup_candidates_per_batch"]:
            print(f"  near-dup candidates per batch (LIMIT 500): min {min(c)}, median "
                  f"{sorted(c)[len(c) // 2]}, max {max(c)}; grouped {t['grouped']} of "
                  f"{t['planted_near_duplicates']} planted syndicated copies (similarity "
                  ">= 0.9; other groupings are possible)")
        print(f"  CPU per item: Python {t['pipeline_python_cpu_us_per_item']:.0f} µs + "
              f"scoring child {t['pipeline_scorer_cpu_us_per_item']:.0f} µs, "
              f"PostgreSQL {t['pipeline_pg_cpu_us_per_item']:.0f} µs; raw COPY: PostgreSQL "
              f"{t['copy_pg_cpu_us_per_row']:.0f} µs per row")
        print(f"  batch ms p50/max: pipeline {t['pipeline_batch_ms']['p50']:.0f}/"
              f"{t['pipeline_batch_ms']['max']:.0f}, COPY {t['copy_batch_ms']['p50']:.0f}/"
              f"{t['copy_batch_ms']['max']:.0f}; another watch finding 50 % stored items: "
              f"{p['other_watch_dup_items_per_s']:,.0f} items/s")
        if small := p.get("small_batches"):
            print(f"  batches of {small['items_per_batch']} new items: p50 "
                  f"{small['batch_ms_p50']:.0f} ms, of which the near-duplicate lookup "
                  f"{small['neardup_query_ms_per_batch']:.1f} ms (band index)")
        if what_if := p.get("what_if"):
            print_what_if(what_if)
    inbox = results.get("inbox")
    if inbox:
        print_inbox_details(inbox)
    noisy = [(k, v["meter"]["other_share"]) for k, v in results.items()
             if isinstance(v, dict) and "meter" in v]
    for phase, other in noisy:
        if other > 0.05:
            print(f"WARNING: {other:.0%} of the machine's CPU went to processes outside the "
                  f"benchmark during the {phase} phase: figures are disturbed; rerun on a "
                  "quiet machine.")


def print_what_if(what_if: dict[str, Any]) -> None:
    from listening_pipeline import WHAT_IF

    print("Ceilings (not the shipped pipeline; same batches, each followed by its COPY):")
    for kind, r in what_if.items():
        label = WHAT_IF.get(kind, "the shipped pipeline, again")
        print(f"  {r['ratio']:.2f}x; {r['ratio_median_batch']:.2f}x median "
              f"({r['pipeline_rows_per_s']:,.0f} vs {r['copy_rows_per_s']:,.0f} rows/s)  "
              f"{label}")


def print_inbox_details(inbox: dict[str, Any]) -> None:
    print(f"\nInbox scenarios (ms; transport floor: /healthz through the same client "
          f"p50 {inbox['transport_floor_ms']['p50']:.1f}); plans the list statement got "
          "(generic, custom) on the app's / driver's connection:")
    print(f"  {'scenario':<18} {'n':>4} {'app p50':>8} {'p95':>7} {'p99':>7} {'drv p50':>8} "
          f"{'p95':>7} {'p99':>7}  plans app / driver; first 5 app requests")
    for name, s in inbox["scenarios"].items():
        parts = [(name, s)] if "app" in s else [
            (f"{name}:first", {"app": s["first"], "driver": s["first_driver"],
                               "app_plans_generic_custom": s["app_plans_generic_custom"]
                               ["first"], "first_5_app_ms": s["first_5_app_ms"]["first"]}),
            (f"{name}:deep", {"app": s["deep"], "driver": s["deep_driver"],
                              "app_plans_generic_custom": s["app_plans_generic_custom"]
                              ["deep"], "first_5_app_ms": s["first_5_app_ms"]["deep"]})]
        for label, x in parts:
            a, d = x["app"], x["driver"]
            print(f"  {label:<18} {a['n']:>4} {a['p50']:>8.1f} {a['p95']:>7.1f} "
                  f"{a['p99']:>7.1f} {d['p50']:>8.1f} {d['p95']:>7.1f} {d['p99']:>7.1f}  "
                  f"{x['app_plans_generic_custom']} / "
                  f"{x.get('driver_plans_generic_custom', '')}; {x['first_5_app_ms']}")
    if "driver_owner_no_rls" in inbox["scenarios"]["filtered"]:
        o = inbox["scenarios"]["filtered"]["driver_owner_no_rls"]
        print(f"  filtered, driver as owner without RLS: p50 {o['p50']:.1f} p95 {o['p95']:.1f} "
              f"p99 {o['p99']:.1f}")


def write_plans(path: Path, results: dict[str, Any]) -> None:
    plans_of = dict(results.get("inbox", {}).get("plans", {}))
    if "pipeline" in results:
        plans_of["pipeline near-duplicate candidates"] = {
            "custom": results["pipeline"]["neardup_plan"]}
    with path.open("w") as f:
        for name, plans in plans_of.items():
            for kind, text in plans.items():
                f.write(f"=== {name} ({kind} plan; EXPLAIN (ANALYZE, BUFFERS) as {ROLE})\n")
                f.write(text + "\n\n")


# --- main -----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="mentions loaded")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an "
                        "earlier run if it exists (skips the load; rows added by earlier "
                        "pipeline runs stay)")
    parser.add_argument("--sections", default="pipeline,inbox",
                        help="comma-separated: pipeline,inbox")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--batches", type=int, default=30, help="measured all-new batches")
    parser.add_argument("--dup-pairs", type=int, default=6, help="(all-new, 50 %% "
                        "duplicates) batch pairs")
    parser.add_argument("--what-if-batches", type=int, default=10, help="all-new batches "
                        "per ceiling (the pipeline with parts switched off; 0: none)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests of the "
                        "filtered search (each followed by its driver replay)")
    parser.add_argument("--repeat", type=int, default=60, help="timed requests of each "
                        "other inbox scenario")
    parser.add_argument("--scenario-budget", type=float, default=45.0, help="seconds after "
                        "which an inbox scenario stops repeating (3x for the filtered one)")
    parser.add_argument("--nice", type=int, default=0, help="niceness of the benchmark and "
                        "of the PostgreSQL backends of its database (-10 as root on a "
                        "machine shared with other work)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--server-url", default=os.environ.get("DATABASE_URL",
                                                                DEFAULT_SERVER_URL),
                        help="PostgreSQL server (a user who may create databases)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--vigie-dir", type=Path, default=ROOT, help="run Vigie from another "
                        "tree (a scratch copy carrying a proposed change)")
    parser.add_argument("--timeout", type=float, default=40.0, help="minutes after which the "
                        "run stops itself")
    args = parser.parse_args()
    args.sections = set(args.sections.split(","))
    return args


def main() -> int:
    args = parse_args()
    vigie_dir = args.vigie_dir.resolve()
    # The other benchmark's helper: commit (+dirty) of app/. Imported first: it puts this
    # checkout on sys.path, and the tree under test must come before it.
    from api_bench import git_state

    sys.path.insert(0, str(vigie_dir))
    os.chdir(vigie_dir)  # alembic.ini's prepend_sys_path, Settings' .env
    url = configure_env(args)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    started = time.perf_counter()
    reuse = args.reuse and asyncio.run(database_exists(args.server_url))
    if not reuse:
        asyncio.run(recreate_database(args.server_url))
    migrate(url, vigie_dir)  # a reused database also gets the migrations added since
    results = asyncio.run(asyncio.wait_for(run(args, url, reuse), args.timeout * 60))
    results.update({
        "stamp": stamp, "minutes": (time.perf_counter() - started) / 60,
        "vigie": git_state(vigie_dir), "vigie_dir": str(vigie_dir),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg": os.getloadavg()},
        "goals": GOALS, "table": table(results),
    })
    print_report(results)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{stamp}-listening_bench.json"
    path.write_text(json.dumps(results, indent=1, default=str))
    print(f"\n{results['minutes']:.1f} min; JSON: {path.relative_to(BENCH_DIR.parent)}")
    if "inbox" in results or "pipeline" in results:
        plans = RESULTS_DIR / f"{stamp}-listening_plans.txt"
        write_plans(plans, results)
        print(f"Query plans: {plans.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
