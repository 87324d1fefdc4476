"""Summarise py-spy's raw (collapsed) stacks of a Vigie server: where its CPU time goes.

    .venv/bin/python benchmarks/profile_summary.py benchmarks/results/<stamp>-vigie-me.collapsed

api_bench.py records with `py-spy --gil` (only the thread holding the GIL), so percentages
are of the Python work of the process; samples whose innermost frame is a known wait
(a thread-pool worker blocked on its queue) are dropped as idle, in case of a recording
made without --gil. "Inclusive" buckets count a sample when any frame of the stack matches
(buckets overlap); "self" groups each sample by the package of its innermost Python frame.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (label, regex on one frame, as py-spy writes it: "Class.function (package/module.py:line)").
# Inclusive: a sample counts when any frame of its stack matches. SQLAlchemy's async layer
# runs the ORM in greenlets, whose stacks py-spy sees cut at the greenlet: those samples
# start at Session.execute/get/commit, not at the endpoint that called them.
BUCKETS: list[tuple[str, str]] = [
    ("request handling under uvicorn's protocol", r"\(uvicorn/protocols/http/"),
    ("  RequestContextMiddleware and below", r"\(app/core/middleware\.py"),
    ("  IdempotencyMiddleware and below", r"\(app/idempotency/middleware\.py"),
    ("  BaseHTTPMiddleware (if any)", r"\(starlette/middleware/base\.py"),
    ("  fastapi route handler and below", r"^get_request_handler|\(fastapi/routing\.py"),
    ("    solve_dependencies (all dependencies)", r"^solve_dependencies "),
    ("      get_principal (auth dependency)", r"^get_principal "),
    ("        JWT decode (python-jose)", r"\(jose/"),
    ("        authenticate (vigie_authenticate: principal + scope)", r"^authenticate "),
    ("        enforce_rate_limit (limiter + Redis)", r"^enforce_rate_limit "),
    ("          redis-py", r"\(redis/"),
    ("      request_session (open session)", r"^request_session "),
    ("    endpoint build_me (its async part)", r"^build_me "),
    ("    endpoint list_workspaces (read_page_json)", r"^list_workspaces "),
    ("    serialize_response (pydantic validate + dump_json)", r"^serialize_response "),
    ("ORM work in SQLAlchemy greenlets (execute/get/commit)",
     r"^(Session|AsyncSession)\.(execute|get|commit|close|scalars|scalar) \(sqlalchemy/orm/"),
    ("SQLAlchemy ORM (sqlalchemy/orm), anywhere", r"\(sqlalchemy/orm/"),
    ("SQLAlchemy Core (engine/sql/pool), anywhere", r"\(sqlalchemy/(engine|sql|pool)/"),
    ("SQLAlchemy asyncpg dialect + async bridge",
     r"\(sqlalchemy/(dialects/postgresql/asyncpg|util/_concurrency|ext/asyncio)"),
    ("asyncpg (Python frames; C decoding is inside)", r"\(asyncpg/"),
    ("pydantic / sqlmodel", r"\((pydantic|pydantic_core|sqlmodel)/"),
    ("logging", r"\(logging/"),
]

_PATH = re.compile(r"\(([^():]+)(?::\d+)?\)\s*$")


IDLE_LEAVES = ("Condition.wait (threading.py", "Queue.get (queue.py", "select (selectors.py")


def parse(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames_part, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = frames_part.split(";")
        # py-spy raw: "process ...;thread ...;outermost;...;innermost"
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        if frames and frames[-1].startswith(IDLE_LEAVES):
            continue
        stacks.append((frames, int(count)))
    return stacks


def owner(frame: str) -> str:
    """`app.auth` for our code, the top-level package or stdlib module otherwise."""
    m = _PATH.search(frame)
    if not m:
        return "other"
    parts = m.group(1).split("/")
    if parts[0] == "app" and len(parts) > 2:
        return f"app.{parts[1]}"
    name = parts[0].removesuffix(".py")
    if name == "asyncio" and frame.startswith("Runner.run "):
        return "event loop (uvloop C code: I/O, callbacks)"
    return name


def report(path: Path, top: int = 25) -> None:
    stacks = parse(path)
    total = sum(c for _, c in stacks)
    if not total:
        print("no samples")
        return
    print(f"\n{total} samples of busy CPU in {path.name}")
    print("\ninclusive (a sample counts in every bucket one of its frames matches):")
    for label, pattern in BUCKETS:
        rx = re.compile(pattern)
        n = sum(c for frames, c in stacks if any(rx.search(f) for f in frames))
        print(f"  {n / total:6.1%}  {label}")
    self_by_pkg: Counter[str] = Counter()
    self_by_fn: Counter[str] = Counter()
    incl_by_fn: Counter[str] = Counter()
    for frames, c in stacks:
        if not frames:
            continue
        self_by_pkg[owner(frames[-1])] += c
        self_by_fn[frames[-1]] += c
        for f in set(frames):
            incl_by_fn[f] += c
    print("\nself time by package of the innermost frame:")
    for pkg, n in self_by_pkg.most_common(top):
        print(f"  {n / total:6.1%}  {pkg}")
    print(f"\ntop {top} functions by self time:")
    for fn, n in self_by_fn.most_common(top):
        print(f"  {n / total:6.1%}  {fn}")


if __name__ == "__main__":
    report(Path(sys.argv[1]), top=int(sys.argv[2]) if len(sys.argv) > 2 else 25)
