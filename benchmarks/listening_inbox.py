"""Inbox phase of benchmarks/listening_bench.py: `GET /api/v1/workspaces/{ws}/mentions` through
the real app, each request followed by the same SQL sent directly through asyncpg.

The app runs in-process behind httpx's ASGITransport (every middleware, the rate limiter's
Redis calls, JWT auth, the dependencies, the ORM, pydantic), called with a real access token
of the organization's owner. The SQL it sends is captured once per scenario, in order, from
the engine's `before_cursor_execute` event (ORM statements) and from asyncpg's
`Connection.fetch` (the hot reads the app runs on the raw driver connection: the
`vigie_authenticate` call that sets the tenant scope, the inbox page), and replayed, in one
transaction as the app runs it, on an asyncpg connection switched to the app role (`SET ROLE
vigie_app`): the same statements, parameters and row-level security (a replay that sees
fewer rows than the app stops the run). Requests
alternate app/driver, the order flipping each time, sequentially (one in flight).

Each scenario starts on fresh connections (app pool and driver), so PostgreSQL's plan cache
decides for that scenario's own statement: asyncpg prepares every statement, and after 5
executions PostgreSQL may switch a prepared statement to its generic plan.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

from listening_common import Ids, pct, renice_backends

TSQUERY = ("(websearch_to_tsquery('french'::regconfig, $3) || "
           "websearch_to_tsquery('english'::regconfig, $3) || "
           "websearch_to_tsquery('simple'::regconfig, $3))")

ROLE = "vigie_app"
PAGE = 50
DEEP_PAGES = 400  # 400 pages of 50: the next page starts 20,000 rows deep


def summary(latencies_s: list[float]) -> dict[str, Any]:
    ms = [v * 1e3 for v in latencies_s]
    return {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99),
            "mean": sum(ms) / len(ms), "min": min(ms), "max": max(ms)}


class App:
    def __init__(self, ids: Ids) -> None:
        import asyncpg
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

        # The app's hot reads (authentication, which sets the tenant scope; the inbox page)
        # go through the raw asyncpg connection, which SQLAlchemy's events do not see.
        fetch = asyncpg.Connection.fetch

        async def capturing_fetch(conn: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            if self.captured is not None:
                self.captured.append((query, args))
            return await fetch(conn, query, *args, **kwargs)

        asyncpg.Connection.fetch = capturing_fetch  # type: ignore[method-assign]

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
        self.last_rows = 0  # rows of the last statement replayed

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
                rows = await self.conn.fetch(sql, *params)
        self.last_rows = len(rows)
        return time.perf_counter() - t0

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()


def list_statement(statements: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    return next(s for s in statements if "FROM mentions" in s[0] and "ORDER BY" in s[0])


PLAN_COUNTS = ("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
               "WHERE statement LIKE '%FROM mentions%ORDER BY%' "
               "AND statement NOT LIKE '%pg_prepared_statements%' ORDER BY prepare_time")


async def app_plan_counts() -> list[tuple[int, int]]:
    """How PostgreSQL planned the app's prepared list statements on its (only) pooled
    connection: generic or custom plans, counted by pg_prepared_statements."""
    import sqlalchemy as sa

    from app.core.db import get_database

    async with get_database().engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(sa.text(PLAN_COUNTS))).all()]


async def measure(app: App, driver: Driver, params: dict[str, Any], n: int,
                  fresh: bool = True, owner_driver: Driver | None = None,
                  budget_s: float = 60.0) -> dict[str, Any]:
    """n rounds (plus 5 warm-up rounds that settle the plan cache and the page cache), or
    fewer when the scenario has used its time budget (a plan gone bad at 1M rows)."""
    if fresh:
        await app.fresh_pool()
        await driver.fresh()
        if owner_driver:
            await owner_driver.fresh()
    renice_backends()
    statements = await app.capture(params)
    app_s, drv_s, own_s = [], [], []
    body: Any = None
    deadline = time.perf_counter() + budget_s
    for i in range(n + 5):
        if i > 15 and time.perf_counter() > deadline:
            break
        order = ("app", "driver") if i % 2 == 0 else ("driver", "app")
        for who in order:
            if who == "app":
                elapsed, body = await app.get(params)
                app_s.append(elapsed)
            else:
                drv_s.append(await driver.replay(statements))
        if owner_driver:
            own_s.append(await owner_driver.replay(statements))
    if driver.last_rows < len(body["items"]):
        raise RuntimeError(f"the driver's replay saw {driver.last_rows} rows, the app "
                           f"{len(body['items'])}: not the same query or scope")
    out = {"params": params, "rows": len(body["items"]), "app": summary(app_s[5:]),
           "driver": summary(drv_s[5:]), "first_5_app_ms": [round(v * 1e3, 1)
                                                            for v in app_s[:5]],
           "app_plans_generic_custom": await app_plan_counts(),
           "driver_plans_generic_custom": [tuple(r) for r in
                                           await driver.conn.fetch(PLAN_COUNTS)],
           "statements": [s for s, _ in statements], "list_sql": list_statement(statements)}
    if owner_driver:
        out["driver_owner_no_rls"] = summary(own_s[5:])
    return out


async def deep_cursor(app: App, owner: Any, ids: Ids, params: dict[str, Any],
                      budget_s: float) -> tuple[str, dict[str, Any]]:
    """The cursor of the page that starts 20,000 rows deep: by following next_cursor 400
    times through the app; if that takes longer than the budget, by one OFFSET query (the
    cursor encodes the sort key and id of the row before the page)."""
    from app.listening.inbox_repository import encode_cursor

    cursor, t0, pages = None, time.perf_counter(), 0
    while pages < DEEP_PAGES and time.perf_counter() - t0 < budget_s:
        _, body = await app.get({**params, **({"cursor": cursor} if cursor else {})})
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            raise RuntimeError(f"fewer than {DEEP_PAGES * PAGE} rows match {params}")
    walk = {"pages_walked": pages, "walk_s": time.perf_counter() - t0}
    where = f"AND search @@ {TSQUERY}" if params.get("q") else ""
    row = await owner.fetchrow(
        f"SELECT published_at, id FROM mentions WHERE workspace_id = $1 {where} "
        "ORDER BY published_at DESC, id DESC OFFSET $2 LIMIT 1", ids.workspace,
        DEEP_PAGES * PAGE - 1, *([params["q"]] if params.get("q") else []))
    computed = encode_cursor("date", row["published_at"], row["id"])
    if pages == DEEP_PAGES:
        walk["walked_cursor_matches_offset"] = computed == cursor
        return cursor, walk
    return computed, walk


async def measure_deep(app: App, driver: Driver, owner: Any, ids: Ids, params: dict[str, Any],
                       n: int, budget_s: float) -> dict[str, Any]:
    """First page and the page 20,000 rows deep, each on fresh connections."""
    await app.fresh_pool()
    cursor, walk = await deep_cursor(app, owner, ids, params, budget_s)
    first = await measure(app, driver, params, n, budget_s=budget_s)
    far = await measure(app, driver, {**params, "cursor": cursor}, n, budget_s=budget_s)
    return {"first": first["app"], "deep": far["app"], "first_driver": first["driver"],
            "deep_driver": far["driver"], **walk,
            "app_plans_generic_custom": {"first": first["app_plans_generic_custom"],
                                         "deep": far["app_plans_generic_custom"]},
            "first_5_app_ms": {"first": first["first_5_app_ms"],
                               "deep": far["first_5_app_ms"]},
            "list_sql": far["list_sql"], "first_list_sql": first["list_sql"]}


# --- EXPLAIN as the app role ----------------------------------------------------------------


_LONG_ARRAY = re.compile(r"'\{[-0-9,]{200,}\}'")


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
    """EXPLAIN (ANALYZE, BUFFERS) as the app role with the request's scope; generic:
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
        return _LONG_ARRAY.sub("'{...}'", "\n".join(r[0] for r in rows))
    finally:
        await tr.rollback()


# --- the phase ------------------------------------------------------------------------------


async def run(args: Any, ids: Ids, url: str, owner: Any, data: dict[str, Any]
              ) -> dict[str, Any]:
    terms = {tier: t["term"] for tier, t in data["terms"].items()}
    app, driver, owner_driver = App(ids), Driver(url), Driver(url, as_app_role=False)
    n, budget, out = args.repeat, args.scenario_budget, {"scenarios": {}}
    sc = out["scenarios"]
    try:
        await app.get({"limit": PAGE})  # imports, first connection
        out["transport_floor_ms"] = summary([await app.healthz() for _ in range(50)])
        base = {"limit": PAGE}
        sc["filtered"] = await measure(app, driver, {**base, "q": terms["medium"],
                                                     "sentiment": "negative"},
                                       args.requests, owner_driver=owner_driver,
                                       budget_s=3 * budget)
        sc["medium"] = await measure(app, driver, {**base, "q": terms["medium"]}, n,
                                     budget_s=budget)
        sc["broad"] = await measure(app, driver, {**base, "q": terms["broad"]}, n,
                                    budget_s=budget)
        # Same statement text as "broad" on the same connections: the plan cached for it.
        sc["rare_after_broad"] = await measure(app, driver, {**base, "q": terms["rare"]}, n,
                                               fresh=False, budget_s=budget)
        sc["rare"] = await measure(app, driver, {**base, "q": terms["rare"]}, n,
                                   budget_s=budget)
        sc["broad_negative"] = await measure(app, driver, {**base, "q": terms["broad"],
                                                           "sentiment": "negative"}, n,
                                             budget_s=budget)
        sc["deep_plain"] = await measure_deep(app, driver, owner, ids, base, n, budget)
        sc["deep_broad"] = await measure_deep(app, driver, owner, ids,
                                              {**base, "q": terms["broad"]}, n, budget)
        scope = (await app.capture(base))[:1]  # authentication, which sets the tenant scope
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
    finally:
        await app.client.aclose()
        await driver.close()
        await owner_driver.close()
    return out
