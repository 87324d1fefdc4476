"""Vigie next to a bare Starlette + asyncpg app running the same SQL, in one run.

    .venv/bin/python benchmarks/api_bench.py [--duration 15] [--warmup 3] [--rounds 2]

Creates (drops first) the database `vigie_bench` on the DATABASE_URL server, migrates it
with Alembic, starts Vigie and benchmarks/bare_app.py with uvicorn (one process each,
loopback ports), seeds one agency owner and an organization with 60 workspaces through
Vigie's API, checks that both servers answer the same JSON, then loads
`GET /api/v1/me` and `GET /api/v1/organizations/{org}/workspaces?limit=50` with 32
concurrent keep-alive connections, bare and Vigie alternately. Prints a table and writes
JSON to benchmarks/results/. See benchmarks/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import loadgen

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BENCH_DATABASE = "vigie_bench"
HOST = "127.0.0.1"
ROLE = "vigie_app"  # Settings.database_app_role's default; both servers get it from the env
GOAL_RPS_RATIO = 0.5  # Vigie req/s >= 0.5 x bare req/s
GOAL_P99_RATIO = 2.0  # Vigie p99 <= 2 x bare p99
PASSWORD = "correct horse battery staple"
CLK_TCK = os.sysconf("SC_CLK_TCK")

sys.path.insert(0, str(ROOT))


# --- setup ----------------------------------------------------------------------------------


def bench_database_url(server_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=BENCH_DATABASE).render_as_string(
        hide_password=False)


async def recreate_database(server_url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(server_url).set(database="postgres", drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    finally:
        await conn.close()


def migrate(database_url: str) -> None:
    """Alembic as the project runs it; env.py reads DATABASE_URL from the settings."""
    from alembic import command
    from alembic.config import Config

    os.environ["DATABASE_URL"] = database_url
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


async def run_sql(database_url: str, sql: str) -> None:
    """Extra DDL for a prototype (--extra-sql), run as the tables' owner after migrations."""
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def permissions_json() -> str:
    """The role -> permission table, sorted as /me shows it, for the bare app."""
    from app.auth.permissions import MANAGER, ORG_ROLE_PERMISSIONS, WORKSPACE_ROLE_PERMISSIONS

    return json.dumps({
        "org": {str(r): sorted(p.value for p in ps) for r, ps in ORG_ROLE_PERMISSIONS.items()},
        "workspace": {str(r): sorted(p.value for p in ps)
                      for r, ps in WORKSPACE_ROLE_PERMISSIONS.items()},
        "manager": MANAGER,
    })


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(name: str, app_ref: str, env: dict[str, str], log_dir: Path,
                 app_dir: str | None = None, cwd: Path = ROOT) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app_ref, "--host", HOST, "--port", str(port),
           "--workers", "1", "--loop", "uvloop", "--http", "httptools", "--no-access-log",
           "--log-level", "warning"]
    if app_dir:
        cmd += ["--app-dir", app_dir]
    log_path = log_dir / f"{name}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - handed to the child, closed with it
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    return Server(name, port, process, log_path)


async def wait_ready(server: Server, within_s: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + within_s
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.log_path.read_text()}")
            try:
                if (await client.get(f"http://{HOST}:{server.port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{server.name} not ready after {within_s} s:\n"
                       f"{server.log_path.read_text()}")


def limiter_failed_open(server: Server) -> bool:
    """app/core/ratelimit.py logs this when Redis answers too slowly (its 0.25 s timeout)."""
    return "rate limiter cannot reach Redis" in server.log_path.read_text(errors="replace")


def start_private_redis(log_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A Redis of our own (the redis-server the venv ships), so that other people's use of
    the shared one, and its priority, do not weigh on Vigie's limiter during the run."""
    binary = shutil.which("redis-server", path=str(Path(sys.executable).parent))
    if not binary:
        raise RuntimeError("no redis-server next to the venv's python")
    port = free_port()
    log = open(log_dir / "redis.log", "wb")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen([binary, "--port", str(port), "--bind", HOST, "--save", "",
                                "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(50):
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return process, f"redis://{HOST}:{port}/0"
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the private redis-server did not start")


@dataclass
class Seed:
    token: str
    org_id: str
    workspaces: int


async def seed(vigie: Server, workspaces: int) -> Seed:
    """One agency owner and their organization with N workspaces, through Vigie's API."""
    import httpx

    base = f"http://{HOST}:{vigie.port}/api/v1"
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as client:
        response = await client.post("/auth/signup", json={
            "email": f"owner-{secrets.token_hex(4)}@agency.example.com", "password": PASSWORD,
            "full_name": "Olivia Owner", "organization_name": "Agence Lumière",
            "locale": "fr"})
        response.raise_for_status()
        body = response.json()
        token, org_id = body["access_token"], body["organization_id"]
        headers = {"Authorization": f"Bearer {token}"}
        for i in range(workspaces):
            response = await client.post(f"/organizations/{org_id}/workspaces", headers=headers,
                                         json={"name": f"Client {i:03d}",
                                               "brand_name": f"Marque {i:03d}",
                                               "keywords": ["marque", f"produit-{i}"],
                                               "competitors": ["rival"]})
            response.raise_for_status()
    return Seed(token, org_id, workspaces)


async def check_equivalence(bare: Server, vigie: Server, paths: dict[str, str],
                            headers: dict[str, str], expect_items: int,
                            expect_workspaces: int, tries: int = 3) -> dict[tuple[str, str], bytes]:
    """Both servers must answer 200 and the same JSON, `tries` times in a row (so more than
    one pooled connection serves it). Returns each server's body, which every measured
    request must then repeat byte for byte."""
    import httpx

    bodies: dict[tuple[str, str], bytes] = {}
    async with httpx.AsyncClient(headers=headers, timeout=30.0) as client:
        probe = (await client.get(f"http://{HOST}:{bare.port}/rls-probe")).json()
        if probe != {"current_user": ROLE, "workspaces_visible_without_scope": 0}:
            raise RuntimeError(f"bare app does not run under row-level security: {probe}")
        for scenario, path in paths.items():
            for _ in range(tries):
                answers = {}
                for server in (bare, vigie):
                    response = await client.get(f"http://{HOST}:{server.port}{path}")
                    if response.status_code != 200:
                        raise RuntimeError(f"{server.name} {path}: {response.status_code} "
                                           f"{response.text[:500]}")
                    answers[server.name] = response.json()
                    previous = bodies.setdefault((server.name, scenario), response.content)
                    if previous != response.content:
                        raise RuntimeError(f"{server.name} {path}: the answer changed between "
                                           "two identical requests")
                if answers["bare"] != answers["vigie"]:
                    raise RuntimeError(f"{scenario}: bare and vigie answers differ\n"
                                       f"bare:  {json.dumps(answers['bare'])[:1500]}\n"
                                       f"vigie: {json.dumps(answers['vigie'])[:1500]}")
            body = answers["vigie"]
            if scenario == "list" and (len(body["items"]) != expect_items
                                       or not body["next_cursor"]):
                raise RuntimeError(f"list page: {len(body['items'])} items, "
                                   f"expected {expect_items} and a next cursor")
            if scenario == "me" and len(body["workspaces"]) != expect_workspaces:
                raise RuntimeError(f"/me: {len(body['workspaces'])} workspaces, "
                                   f"expected {expect_workspaces}")
    return bodies


# --- resource accounting ------------------------------------------------------------------


def _proc_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _pids_named(prefix: str, needle: str | None = None) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as f:
                comm = f.read().strip()
            if not comm.startswith(prefix):
                continue
            if needle:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if needle.encode() not in f.read():
                        continue
            pids.append(int(entry))
        except OSError:
            continue
    return pids


def _machine_ticks() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


@dataclass
class CpuSnapshot:
    server: int
    postgres: dict[int, int]
    redis: dict[int, int]
    client: float
    machine: tuple[int, int]

    @classmethod
    def take(cls, server_pid: int) -> CpuSnapshot:
        pg = {p: _proc_ticks(p) for p in _pids_named("postgres", f" {BENCH_DATABASE} ")}
        rd = {p: _proc_ticks(p) for p in _pids_named("redis-server")}
        return cls(_proc_ticks(server_pid), pg, rd, time.process_time(), _machine_ticks())

    def since(self, start: CpuSnapshot) -> dict[str, float]:
        def total(end: dict[int, int], begin: dict[int, int]) -> float:
            return sum(v - begin.get(p, 0) for p, v in end.items()) / CLK_TCK

        busy = self.machine[0] - start.machine[0]
        overall = self.machine[1] - start.machine[1]
        used = {"server_s": (self.server - start.server) / CLK_TCK,
                "postgres_s": total(self.postgres, start.postgres),
                "redis_s": total(self.redis, start.redis),
                "client_s": self.client - start.client}
        # CPU that none of the benchmark's processes used: other work on the machine.
        other = busy / CLK_TCK - sum(used.values())
        return {**used, "machine_busy": busy / overall if overall else 0.0,
                "other_share": max(0.0, other / (overall / CLK_TCK)) if overall else 0.0}


async def wait_for_quiet(threshold: float, max_wait: float) -> float:
    """Wait (at most max_wait s) until the machine, with our servers idle, is less than
    `threshold` busy; returns the last busy share seen. Other people's work on a shared
    machine is the largest source of noise here."""
    deadline = time.monotonic() + max_wait
    while True:
        before = _machine_ticks()
        await asyncio.sleep(1.0)
        after = _machine_ticks()
        total = after[1] - before[1]
        busy = (after[0] - before[0]) / total if total else 0.0
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        await asyncio.sleep(2.0)


def renice(pids: list[int], niceness: int) -> None:
    """Give the benchmark's processes (and the PostgreSQL backends serving its database) the
    same priority, above other people's work on a shared machine; needs root below 0."""
    for pid in pids:
        with contextlib.suppress(PermissionError, ProcessLookupError):
            os.setpriority(os.PRIO_PROCESS, pid, niceness)


async def redis_commands(redis_url: str) -> int:
    import redis.asyncio as aioredis

    client = aioredis.from_url(redis_url)
    try:
        return int((await client.info("stats"))["total_commands_processed"])
    finally:
        await client.aclose()


def write_syscalls(pid: int) -> int:
    """write()/writev() calls of a process: one per PostgreSQL or Redis round trip (asyncpg
    sends Bind/Execute/Sync at once), plus the HTTP answer; a cross-check of round trips."""
    try:
        with open(f"/proc/{pid}/io") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("syscw:"))
    except (OSError, StopIteration, ValueError):
        return 0


# --- measurement ----------------------------------------------------------------------------


@dataclass
class Phase:
    scenario: str
    target: str
    round: int
    requests: int
    errors: int
    elapsed_s: float
    latencies_ms: list[float] = field(repr=False)
    cpu: dict[str, float]
    redis_cmds: int
    writes: int
    statuses: dict[int, int]
    first_error: str | None
    idle_busy: float = 0.0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)
        n = max(self.requests, 1)
        return {
            "scenario": self.scenario, "target": self.target, "round": self.round,
            "requests": self.requests, "errors": self.errors, "statuses": self.statuses,
            "first_error": self.first_error, "elapsed_s": round(self.elapsed_s, 3),
            "rps": self.requests / self.elapsed_s if self.elapsed_s else 0.0,
            "p50_ms": loadgen.percentile(lat, 50), "p90_ms": loadgen.percentile(lat, 90),
            "p99_ms": loadgen.percentile(lat, 99), "max_ms": lat[-1] if lat else None,
            "server_cpu_us_per_req": self.cpu["server_s"] / n * 1e6,
            "postgres_cpu_us_per_req": self.cpu["postgres_s"] / n * 1e6,
            "redis_cpu_us_per_req": self.cpu["redis_s"] / n * 1e6,
            "client_cpu_us_per_req": self.cpu["client_s"] / n * 1e6,
            "machine_busy": self.cpu["machine_busy"],
            "other_cpu_share": self.cpu["other_share"],
            "redis_cmds_per_req": self.redis_cmds / n,
            "server_writes_per_req": self.writes / n,
            "machine_busy_before": self.idle_busy,
        }


async def run_phase(args: argparse.Namespace, server: Server, path: str,
                    headers: dict[str, str], scenario: str, round_no: int,
                    redis_url: str, warmup: float | None = None,
                    duration: float | None = None, expect: bytes | None = None) -> Phase:
    idle_busy = await wait_for_quiet(args.quiet_threshold, args.quiet_wait)
    client = loadgen.CLIENTS[args.client](HOST, server.port, path, headers, args.concurrency,
                                          expect)
    await client.open()
    try:
        warm = await client.run(args.warmup if warmup is None else warmup)
        if args.nice:  # backends opened since the last phase
            renice(_pids_named("postgres", f" {BENCH_DATABASE} "), args.nice)
        if warm.errors:
            raise RuntimeError(f"{server.name} {path}: errors during warm-up "
                               f"{warm.statuses} {warm.first_error}")
        redis_before = await redis_commands(redis_url)
        writes_before = write_syscalls(server.pid)
        cpu_before = CpuSnapshot.take(server.pid)
        sample = await client.run(args.duration if duration is None else duration)
        cpu = CpuSnapshot.take(server.pid).since(cpu_before)
        writes = write_syscalls(server.pid) - writes_before
        redis_cmds = await redis_commands(redis_url) - redis_before - 1  # minus our INFO
    finally:
        await client.close()
    return Phase(scenario, server.name, round_no, len(sample.latencies_s) + sample.errors,
                 sample.errors, sample.elapsed, [x * 1000 for x in sample.latencies_s], cpu,
                 redis_cmds, writes, sample.statuses, sample.first_error, idle_busy)


def aggregate(phases: list[Phase]) -> dict[str, Any]:
    """All rounds of one (scenario, target) pooled: every latency, total requests / time."""
    lat = sorted(x for p in phases for x in p.latencies_ms)
    requests = sum(p.requests for p in phases)
    elapsed = sum(p.elapsed_s for p in phases)
    per_round = [p.summary() for p in phases]

    def mean(key: str) -> float:
        return sum(s[key] * s["requests"] for s in per_round) / max(requests, 1)

    return {"requests": requests, "errors": sum(p.errors for p in phases),
            "rps": requests / elapsed if elapsed else 0.0,
            "p50_ms": loadgen.percentile(lat, 50), "p90_ms": loadgen.percentile(lat, 90),
            "p99_ms": loadgen.percentile(lat, 99),
            "rps_per_round": [round(s["rps"], 1) for s in per_round],
            "p99_per_round": [round(s["p99_ms"], 2) for s in per_round],
            **{k: mean(k) for k in ("server_cpu_us_per_req", "postgres_cpu_us_per_req",
                                    "redis_cpu_us_per_req", "client_cpu_us_per_req",
                                    "machine_busy", "other_cpu_share", "redis_cmds_per_req",
                                    "server_writes_per_req")}}


def verdict(bare: dict[str, Any], vigie: dict[str, Any]) -> dict[str, Any]:
    rps_ratio = vigie["rps"] / bare["rps"] if bare["rps"] else 0.0
    # What the req/s ratio is when each server saturates its core: robust to other load.
    cpu_ratio = (bare["server_cpu_us_per_req"] / vigie["server_cpu_us_per_req"]
                 if vigie["server_cpu_us_per_req"] else 0.0)
    p99_ratio = vigie["p99_ms"] / bare["p99_ms"] if bare["p99_ms"] else float("inf")
    ok = (rps_ratio >= GOAL_RPS_RATIO and p99_ratio <= GOAL_P99_RATIO
          and bare["errors"] == 0 and vigie["errors"] == 0)
    return {"rps_ratio": rps_ratio, "p99_ratio": p99_ratio, "pass": ok,
            "cpu_ratio": cpu_ratio}


# --- output ---------------------------------------------------------------------------------


def print_table(results: dict[str, Any], ceiling: dict[str, Any] | None,
                args: argparse.Namespace) -> None:
    cpus = os.cpu_count()
    print()
    print(f"Vigie ({git_state(args.vigie_dir)}) vs bare Starlette+asyncpg — concurrency "
          f"{args.concurrency}, {args.rounds} round(s) x {args.duration:g} s per target and "
          f"scenario (warm-up {args.warmup:g} s), client '{args.client}'")
    print(f"NOTE: {cpus} CPU cores; the load generator runs in this process and competes with "
          "the server, PostgreSQL and Redis for them — identically for both targets.")
    if ceiling:
        print(f"Load generator ceiling (bare /ping, no database): {ceiling['rps']:.0f} req/s, "
              f"p99 {ceiling['p99_ms']:.2f} ms")
    header = (f"{'scenario':<9} {'target':<6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'errors':>6} {'srv CPU us/req':>14} {'rps v/b':>8} {'p99 v/b':>8}  goal  "
              "(CPU b/v)")
    print()
    print(header)
    print("-" * len(header))
    for scenario, entry in results.items():
        for target in ("bare", "vigie"):
            a = entry[target]
            cells = (f"{scenario:<9} {target:<6} {a['rps']:>8.0f} {a['p50_ms']:>8.2f} "
                     f"{a['p99_ms']:>8.2f} {a['errors']:>6} {a['server_cpu_us_per_req']:>14.0f}")
            if target == "vigie":
                v = entry["verdict"]
                cells += (f" {v['rps_ratio']:>8.2f} {v['p99_ratio']:>8.2f}  "
                          f"{'PASS' if v['pass'] else 'FAIL'}  ({v['cpu_ratio']:.2f})")
            print(cells)
    print()
    print(f"goal: req/s ratio >= {GOAL_RPS_RATIO} and p99 ratio <= {GOAL_P99_RATIO}, "
          "0 errors (any non-200 or unexpected body is an error). (CPU b/v): bare / vigie "
          "server CPU per request,\nthe req/s ratio to expect when each server saturates "
          "its core — less sensitive to other load than req/s.")
    print()
    print("diagnostics (per request, mean over rounds):")
    head = (f"{'scenario':<9} {'target':<6} {'pg CPU us':>9} {'redis CPU us':>12} "
            f"{'client CPU us':>13} {'redis cmds':>10} {'srv writes':>10} {'busy':>5} "
            f"{'other':>5}  req/s per round")
    print(head)
    for scenario, entry in results.items():
        for target in ("bare", "vigie"):
            a = entry[target]
            print(f"{scenario:<9} {target:<6} {a['postgres_cpu_us_per_req']:>9.0f} "
                  f"{a['redis_cpu_us_per_req']:>12.0f} {a['client_cpu_us_per_req']:>13.0f} "
                  f"{a['redis_cmds_per_req']:>10.2f} {a['server_writes_per_req']:>10.2f} "
                  f"{a['machine_busy']:>5.0%} {a['other_cpu_share']:>5.0%}  {a['rps_per_round']}")
    client_bound = [f"{scenario}/{t}" for scenario, e in results.items()
                    for t in ("bare", "vigie")
                    if e[t]["client_cpu_us_per_req"] > 0.5 * e[t]["server_cpu_us_per_req"]]
    if client_bound:
        print(f"WARNING: the load generator spent more than half the server's CPU per request "
              f"({', '.join(client_bound)}): it, not the server, limits the throughput and "
              "the ratios say little. Use --client raw.")
    noisy = max(e[t]["other_cpu_share"] for e in results.values() for t in ("bare", "vigie"))
    if noisy > 0.05:
        print(f"WARNING: up to {noisy:.0%} of the machine's CPU went to processes outside the "
              "benchmark (column 'other'): the numbers are disturbed; rerun on a quiet machine.")


def git_state(directory: Path) -> str:
    """The commit Vigie ran from, `+dirty` when app/ has uncommitted changes."""
    git = shutil.which("git")
    if not git:
        return "unknown"
    try:
        head = subprocess.run([git, "-C", str(directory), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run([git, "-C", str(directory), "status", "--porcelain", "--",
                                "app"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty.strip() else "")


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["fastapi", "starlette", "uvicorn", "sqlalchemy", "sqlmodel", "asyncpg",
             "pydantic", "python-jose", "redis", "limits", "uvloop", "httptools", "httpx"]
    return {n: version(n) for n in names}


# --- main -----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per "
                        "target, scenario and round (default 15)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up "
                        "before each measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=2, help="bare/vigie alternations per "
                        "scenario; the order flips each round (default 2)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workspaces", type=int, default=60, help="workspaces seeded in "
                        "the organization (default 60; the list page shows 50)")
    parser.add_argument("--scenarios", default="me,list", help="comma-separated: me,list")
    parser.add_argument("--client", choices=sorted(loadgen.CLIENTS), default="raw",
                        help="load generator (default raw: asyncio+httptools on uvloop)")
    parser.add_argument("--rate-limit", type=int, default=1_000_000, help="Vigie's "
                        "RATE_LIMIT_USER_PER_MINUTE: generous so nothing is refused, but the "
                        "limiter still runs (0 switches it off, for a diagnostic run)")
    parser.add_argument("--no-ceiling", action="store_true", help="skip measuring the load "
                        "generator's ceiling against bare /ping")
    parser.add_argument("--profile", action="store_true", help="after the table, load Vigie "
                        "once more per scenario under py-spy and summarise where its CPU goes "
                        "(best without --nice)")
    parser.add_argument("--profile-seconds", type=float, default=15.0,
                        help="length of the profiled phase (default 15)")
    parser.add_argument("--strict", action="store_true", help="exit 3 when a goal FAILs")
    parser.add_argument("--private-redis", action="store_true", help="start a redis-server of "
                        "the benchmark's own (from the venv) instead of using REDIS_URL")
    parser.add_argument("--nice", type=int, default=0, help="niceness of this process, both "
                        "servers and the PostgreSQL backends of the bench database (e.g. -10 "
                        "as root on a machine shared with other work; default 0)")
    parser.add_argument("--quiet-threshold", type=float, default=0.15, help="before each "
                        "phase, wait until the machine is less busy than this (0..1) while "
                        "the benchmark is idle (default 0.15)")
    parser.add_argument("--quiet-wait", type=float, default=60.0, help="at most this many "
                        "seconds of waiting per phase; then measure anyway (default 60)")
    parser.add_argument("--vigie-dir", type=Path, default=ROOT, help="run Vigie's `app` "
                        "package from this directory instead (a worktree or a scratch copy "
                        "with a proposed change; migrations still come from this checkout)")
    parser.add_argument("--extra-sql", type=Path, action="append", default=[],
                        help="SQL file run as the DATABASE_URL user after the migrations "
                             "(database objects a --vigie-dir prototype needs); repeatable")
    return parser.parse_args()


def server_env(database_url: str, redis_url: str, args: argparse.Namespace,
               data_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATA_DIR": data_dir,
        "LOG_LEVEL": "WARNING",
        "LOG_JSON": "false",
        "RATE_LIMIT_USER_PER_MINUTE": str(args.rate_limit),
        # The run outlives the default 15-minute access token when --rounds is large.
        "ACCESS_TOKEN_MINUTES": "720",
        "BARE_PERMISSIONS_JSON": permissions_json(),
        "DATABASE_APP_ROLE": ROLE,
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


async def measure(args: argparse.Namespace, bare: Server, vigie: Server, data: Seed,
                  redis_url: str) -> tuple[dict[str, Any], dict[str, Any] | None, list[Phase]]:
    headers = {"Authorization": f"Bearer {data.token}"}
    paths = scenario_paths(args, data)
    bodies = await check_equivalence(bare, vigie, paths, headers, 50, data.workspaces)
    ceiling = None
    if not args.no_ceiling:
        phase = await run_phase(args, bare, "/ping", {}, "ceiling", 0, redis_url,
                                duration=min(args.duration, 5.0))
        ceiling = phase.summary()
    phases: list[Phase] = []
    for round_no in range(1, args.rounds + 1):
        order = (bare, vigie) if round_no % 2 else (vigie, bare)
        for scenario, path in paths.items():
            for server in order:
                phase = await run_phase(args, server, path, headers, scenario, round_no,
                                        redis_url, expect=bodies[server.name, scenario])
                s = phase.summary()
                print(f"  round {round_no} {scenario:<5} {server.name:<5} {s['rps']:7.0f} req/s"
                      f"  p50 {s['p50_ms']:6.2f} ms  p99 {s['p99_ms']:6.2f} ms"
                      f"  errors {s['errors']}  srv CPU {s['server_cpu_us_per_req']:5.0f} us/req"
                      f"  (machine {s['machine_busy_before']:.0%} busy before, "
                      f"{s['other_cpu_share']:.0%} other during)", flush=True)
                phases.append(phase)
    results: dict[str, Any] = {}
    for scenario in paths:
        entry = {t: aggregate([p for p in phases if p.scenario == scenario and p.target == t])
                 for t in ("bare", "vigie")}
        entry["verdict"] = verdict(entry["bare"], entry["vigie"])
        entry["path"] = paths[scenario]
        results[scenario] = entry
    return results, ceiling, phases


def scenario_paths(args: argparse.Namespace, data: Seed) -> dict[str, str]:
    paths = {"me": "/api/v1/me",
             "list": f"/api/v1/organizations/{data.org_id}/workspaces?limit=50"}
    return {s: paths[s] for s in args.scenarios.split(",")}


async def profile(args: argparse.Namespace, vigie: Server, data: Seed, stamp: str,
                  redis_url: str, scenario: str, path: str) -> None:
    py_spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    if not py_spy:
        print("py-spy is not installed (uv sync --group dev); skipping the profile")
        return
    out = RESULTS_DIR / f"{stamp}-vigie-{scenario}.collapsed"
    seconds = max(5, int(args.profile_seconds))
    # --gil: only samples of the thread holding the GIL, i.e. Python doing work; idle
    # threads (the event loop in epoll, anyio's thread pool) would otherwise blur the picture.
    spy = await asyncio.create_subprocess_exec(
        py_spy, "record", "--pid", str(vigie.pid), "--rate", "250", "--format", "raw", "--gil",
        "--output", str(out), "--duration", str(seconds),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    await asyncio.sleep(1.0)  # py-spy attaches
    phase = await run_phase(args, vigie, path, {"Authorization": f"Bearer {data.token}"},
                            f"{scenario}-profiled", 0, redis_url, warmup=0.5,
                            duration=seconds - 1.5)
    _, stderr = await spy.communicate()
    s = phase.summary()
    print(f"\nprofiled {scenario} (py-spy attached, numbers not comparable): {s['rps']:.0f} req/s, "
          f"p99 {s['p99_ms']:.2f} ms; stacks in {out.relative_to(ROOT)}")
    if spy.returncode != 0:
        print(f"py-spy failed: {stderr.decode()}")
        return
    import profile_summary

    profile_summary.report(out)


async def run(args: argparse.Namespace, servers: list[Server], stamp: str,
              redis_url: str) -> int:
    vigie, bare = servers
    await asyncio.gather(*(wait_ready(s) for s in servers))
    data = await seed(vigie, args.workspaces)
    print(f"seeded 1 owner, 1 organization, {data.workspaces} workspaces; "
          f"vigie pid {vigie.pid} :{vigie.port}, bare pid {bare.pid} :{bare.port}", flush=True)
    results, ceiling, phases = await measure(args, bare, vigie, data, redis_url)
    print_table(results, ceiling, args)
    out = RESULTS_DIR / f"{stamp}-api_bench.json"
    out.write_text(json.dumps({
        "when": stamp, "args": vars(args), "cpu_count": os.cpu_count(),
        "platform": platform.platform(), "python": platform.python_version(),
        "versions": versions(), "database": BENCH_DATABASE, "vigie_dir": str(args.vigie_dir),
        "vigie_commit": git_state(args.vigie_dir),
        "extra_sql": [str(p) for p in args.extra_sql],
        "bare": {"jwt": "python-jose jwt.decode, same calls as app/core/security.py",
                 "rate_limit": "none"},
        "ceiling": ceiling, "results": results, "nice": args.nice, "redis_url": redis_url,
        "limiter_failed_open": limiter_failed_open(vigie),
        "phases": [p.summary() for p in phases]}, indent=2, default=str))
    print(f"\nJSON: {out.relative_to(ROOT)}")
    if limiter_failed_open(vigie):
        print("WARNING: Vigie's rate limiter could not reach Redis in time at least once and let "
              "requests through unchecked (see the server log): Vigie did less work than usual.")
    if args.profile:
        for scenario, path in scenario_paths(args, data).items():
            await profile(args, vigie, data, stamp, redis_url, scenario, path)
    if any(e[t]["errors"] for e in results.values() for t in ("bare", "vigie")):
        return 1
    if args.strict and not all(e["verdict"]["pass"] for e in results.values()):
        return 3
    return 0


def main() -> int:
    args = parse_args()
    os.chdir(ROOT)
    server_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    database_url = bench_database_url(server_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)

    print(f"database {BENCH_DATABASE} on {server_url.rsplit('@', 1)[-1]}: recreate + migrate",
          flush=True)
    asyncio.run(recreate_database(server_url))
    migrate(database_url)
    for sql_file in args.extra_sql:
        asyncio.run(run_sql(database_url, sql_file.read_text()))

    data_dir = tempfile.mkdtemp(prefix="vigie-bench-")
    logs = RESULTS_DIR / f"{stamp}-logs"
    logs.mkdir()
    redis_process = None
    if args.private_redis:
        redis_process, redis_url = start_private_redis(logs)
    env = server_env(database_url, redis_url, args, data_dir)
    vigie_dir = args.vigie_dir.resolve()
    servers = [start_server("vigie", "app.main:app", env, logs, app_dir=str(vigie_dir),
                            cwd=vigie_dir),
               start_server("bare", "bare_app:app", env, logs, app_dir=str(BENCH_DIR))]
    if args.nice:
        renice([os.getpid(), *(s.pid for s in servers),
                *([redis_process.pid] if redis_process else [])], args.nice)
    try:
        import uvloop

        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            exit_code = runner.run(run(args, servers, stamp, redis_url))
    finally:
        for server in servers:
            server.stop()
        if redis_process:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
