"""Inbox phase of benchmarks/listening_bench.py: `GET /api/v1/workspaces/{ws}/mentions` through
the real app, each request followed by the same SQL sent directly through asyncpg.

The app runs in-process behind httpx's ASGITransport (every middleware, the rate limiter's
Redis calls, JWT auth, the dependencies, the ORM, pydantic), called with a real access token
of the organization's owner. The SQL it sends is captured once per scenario from the
engine's `before_cursor_execute` event and replayed, in one transaction as the app runs it,
on an asyncpg connection switched to the app role (`SET ROLE vigie_app`) with the same
`set_config` statements: the same statements, parameters and row-level security. Requests
alternate app/driver, the order flipping each time, sequentially (one in flight).

Each scenario starts on fresh connections (app pool and driver), so PostgreSQL's plan cache
decides for that scenario's own statement: asyncpg prepares every statement, and after 5
executions PostgreSQL may switch a prepared statement to its generic plan.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import listening_data as ld
from listening_common import Ids, pct

ROLE = "vigie_app"
PAGE = 50
DEEP_PAGES = 400  # 400 pages of 50: the next page starts 20,000 rows deep


def summary(latencies_s: list[float]) -> dict[str, Any]:
    ms = [v * 1e3 for v in latencies_s]
    return {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99),
            "mean": sum(ms) / len(ms), "min": min(ms), "max": max(ms)}


class App:
    def __init__(self, ids: Ids) -> None:
        import httpx
        from sqlalchemy import event

        from app.core.db import get_database
        from app.core.security import create_access_token
        from app.main import app

        self.base = f"/api/v1/workspaces/{ids.workspace}/mentions"
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://vigie.bench",
            headers={"Authorization": f"Bearer {create_access_token(ids.user)}"},
            timeout=60.0)
        self.captured: list[tuple[str, tuple]] | None = None

        @event.listens_for(get_database().engine.sync_engine, "before_cursor_execute")
        def _capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
            if self.captured is not None:
                self.captured.append((statement, tuple(parameters or ())))

    async def get(self, params: dict[str, Any], path: str = "") -> tuple[float, Any]:
        t0 = time.perf_counter()
        response = await self.client.get(self.base + path, params=params)
        elapsed = time.perf_counter() - t0
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {response.text[:500]}")
        return elapsed, response.json()

    async def capture(self, params: dict[str, Any]) -> list[tuple[str, tuple]]:
        self.captured = []
        try:
            await self.get(params)
            return self.captured
        finally:
            self.captured = None

    async def healthz(self) -> float:
        t0 = time.perf_counter()
        (await self.client.get("/healthz")).raise_for_status()
        return time.perf_counter() - t0

    @staticmethod
    async def fresh_pool() -> None:
        from app.core.db import get_database

        await get_database().engine.dispose()


class Driver:
    """The floor: the captured statements, by asyncpg, in one transaction."""

    def __init__(self, url: str, as_app_role: bool = True) -> None:
        self.url, self.as_app_role = url, as_app_role
        self.conn: Any = None

    async def fresh(self) -> None:
        import asyncpg

        if self.conn is not None:
            await self.conn.close()
        self.conn = await asyncpg.connect(self.url)
        if self.as_app_role:
            await self.conn.execute(f'SET ROLE "{ROLE}"')

    async def replay(self, statements: list[tuple[str, tuple]]) -> float:
        t0 = time.perf_counter()
        async with self.conn.transaction():
            for sql, params in statements:
                await self.conn.fetch(sql, *params)
        return time.perf_counter() - t0

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()


def list_statement(statements: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    return next(s for s in statements if "FROM mentions" in s[0] and "ORDER BY" in s[0])


async def measure(app: App, driver: Driver, params: dict[str, Any], n: int,
                  fresh: bool = True, owner_driver: Driver | None = None) -> dict[str, Any]:
    if fresh:
        await app.fresh_pool()
        await driver.fresh()
        if owner_driver:
            await owner_driver.fresh()
    statements = await app.capture(params)
    app_s, drv_s, own_s = [], [], []
    body: Any = None
    for i in range(n + 5):  # 5 warm-up rounds: plan cache settled, pages cached
        order = ("app", "driver") if i % 2 == 0 else ("driver", "app")
        for who in order:
            if who == "app":
                elapsed, body = await app.get(params)
                app_s.append(elapsed)
            else:
                drv_s.append(await driver.replay(statements))
        if owner_driver:
            own_s.append(await owner_driver.replay(statements))
    out = {"params": params, "rows": len(body["items"]), "app": summary(app_s[5:]),
           "driver": summary(drv_s[5:]), "first_5_app_ms": [round(v * 1e3, 1)
                                                            for v in app_s[:5]],
           "statements": [s for s, _ in statements], "list_sql": list_statement(statements)}
    if owner_driver:
        out["driver_owner_no_rls"] = summary(own_s[5:])
    return out


async def deep_cursor(app: App, params: dict[str, Any]) -> str:
    cursor = None
    for _ in range(DEEP_PAGES):
        _, body = await app.get({**params, **({"cursor": cursor} if cursor else {})})
        cursor = body["next_cursor"]
        if cursor is None:
            raise RuntimeError(f"fewer than {DEEP_PAGES * PAGE} rows match {params}")
    return cursor


async def measure_deep(app: App, driver: Driver, params: dict[str, Any],
                       n: int) -> dict[str, Any]:
    """First page and the page 20,000 rows deep, alternated on the same connections."""
    await app.fresh_pool()
    await driver.fresh()
    t0 = time.perf_counter()
    cursor = await deep_cursor(app, params)
    walk = time.perf_counter() - t0
    deep = {**params, "cursor": cursor}
    first = await measure(app, driver, params, n, fresh=False)
    far = await measure(app, driver, deep, n, fresh=False)
    return {"first": first["app"], "deep": far["app"], "first_driver": first["driver"],
            "deep_driver": far["driver"], "walk_400_pages_s": walk,
            "list_sql": far["list_sql"], "first_list_sql": first["list_sql"]}


# --- EXPLAIN as the app role ----------------------------------------------------------------


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, list | tuple):
        value = "{" + ",".join(f'"{v}"' for v in value) + "}"
    return "'" + str(value).replace("'", "''") + "'"


async def explain(conn: Any, scope: list[tuple[str, tuple]], sql: str, params: tuple,
                  generic: bool = False) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) as the app role with the request's set_config; generic:
    the plan a prepared statement gets once PostgreSQL stops planning it per execution."""
    tr = conn.transaction()
    await tr.start()
    try:
        await conn.execute(f'SET LOCAL ROLE "{ROLE}"')
        for s, p in scope:
            await conn.fetch(s, *p)
        if not generic:
            rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql, *params)
        else:
            await conn.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            await conn.execute("PREPARE bench_q AS " + sql)
            try:
                rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q("
                                        + ", ".join(literal(p) for p in params) + ")")
            finally:
                await conn.execute("DEALLOCATE bench_q")
        return "\n".join(r[0] for r in rows)
    finally:
        await tr.rollback()


async def explain_candidates(conn: Any, ids: Ids, scope: list[tuple[str, tuple]]) -> str:
    """The near-duplicate query of one pipeline batch (500 recent texts' bands)."""
    from app.listening import pipeline

    sql = (pipeline._CANDIDATES.text.replace(":workspace_id", "$1")
           .replace(":bands", "$2"))
    texts = await conn.fetch("SELECT title, text FROM mentions WHERE published_at > now() - "
                             "interval '10 days' ORDER BY random() LIMIT 500")
    bands = sorted({b for t in texts for b in ld.band_hashes(f"{t['title'] or ''} "
                                                               f"{t['text']}") or ()})
    return await explain(conn, scope, sql, (ids.workspace, bands))


# --- the phase ------------------------------------------------------------------------------


async def run(args: Any, ids: Ids, url: str, owner: Any, data: dict[str, Any]
              ) -> dict[str, Any]:
    terms = {tier: t["term"] for tier, t in data["terms"].items()}
    app, driver, owner_driver = App(ids), Driver(url), Driver(url, as_app_role=False)
    n, out = args.repeat, {"scenarios": {}}
    sc = out["scenarios"]
    try:
        await app.get({"limit": PAGE})  # imports, first connection
        out["transport_floor_ms"] = summary([await app.healthz() for _ in range(50)])
        base = {"limit": PAGE}
        sc["filtered"] = await measure(app, driver, {**base, "q": terms["medium"],
                                                     "sentiment": "negative"},
                                       args.requests, owner_driver=owner_driver)
        sc["medium"] = await measure(app, driver, {**base, "q": terms["medium"]}, n)
        sc["broad"] = await measure(app, driver, {**base, "q": terms["broad"]}, n)
        # Same statement text as "broad" on the same connections: the plan cached for it.
        sc["rare_after_broad"] = await measure(app, driver, {**base, "q": terms["rare"]}, n,
                                               fresh=False)
        sc["rare"] = await measure(app, driver, {**base, "q": terms["rare"]}, n)
        sc["broad_negative"] = await measure(app, driver, {**base, "q": terms["broad"],
                                                           "sentiment": "negative"}, n)
        sc["deep_plain"] = await measure_deep(app, driver, base, n)
        sc["deep_broad"] = await measure_deep(app, driver, {**base, "q": terms["broad"]}, n)
        scope = [s for s in (await app.capture(base))
                 if s[0].lstrip().startswith("SELECT set_config")][-1:]
        out["plans"] = {}
        for name, s in sc.items():
            for suffix, key in (("", "list_sql"), ("_first", "first_list_sql")):
                if key not in s:
                    continue
                sql, params = s[key]
                out["plans"][name + suffix] = {
                    "custom": await explain(owner, scope, sql, params),
                    "generic": await explain(owner, scope, sql, params, generic=True)}
                s[key] = [sql, [str(p) for p in params]]
        out["plans"]["neardup_candidates"] = {"custom": await explain_candidates(
            owner, ids, scope)}
    finally:
        await app.client.aclose()
        await driver.close()
        await owner_driver.close()
    return out
