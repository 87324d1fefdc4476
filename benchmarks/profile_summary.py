"""Summarise py-spy's raw (collapsed) stacks of a Vigie server: where its CPU time goes.

    .venv/bin/python benchmarks/profile_summary.py benchmarks/results/<stamp>-vigie-me.collapsed

py-spy only records threads that are running (not idle in epoll), so percentages are of the
process's busy time. "Inclusive" buckets count a sample when any frame of the stack matches
(buckets overlap); "self" groups each sample by the package of its innermost Python frame.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (label, regex on one frame "function (path:line)"); inclusive: any frame of the stack.
BUCKETS: list[tuple[str, str]] = [
    ("uvicorn HTTP protocol (httptools_impl)", r"uvicorn/protocols/http"),
    ("RequestContextMiddleware", r"app/core/middleware\.py"),
    ("IdempotencyMiddleware", r"app/idempotency/middleware\.py"),
    ("BaseHTTPMiddleware (if any)", r"starlette/middleware/base\.py"),
    ("starlette ExceptionMiddleware / routing", r"starlette/(routing|_exception_handler)\.py"),
    ("fastapi request handler (get_request_handler)", r"fastapi/routing\.py"),
    ("  dependency resolution (solve_dependencies)", r"solve_dependencies"),
    ("  get_principal (auth dependency, all of it)", r"^get_principal "),
    ("    JWT decode (jose)", r"site-packages/jose/"),
    ("    apply_tenant_scope (set_config x2)", r"^apply_tenant_scope "),
    ("    load_principal (_PRINCIPAL_SQL)", r"^load_principal "),
    ("    enforce_rate_limit (limiter + Redis)", r"^enforce_rate_limit "),
    ("      redis-py client", r"site-packages/redis/"),
    ("      limits library", r"site-packages/limits/"),
    ("  request_session (session open/commit/close)", r"^request_session "),
    ("  endpoint: build_me", r"^build_me "),
    ("  serialize_response (pydantic validate + dump)", r"^serialize_response "),
    ("SQLAlchemy ORM (sqlalchemy/orm)", r"sqlalchemy/orm/"),
    ("SQLAlchemy engine/sql (Core)", r"sqlalchemy/(engine|sql|pool)/"),
    ("SQLAlchemy asyncpg adapter + greenlet bridge",
     r"sqlalchemy/(dialects/postgresql/asyncpg|util/_concurrency|ext/asyncio)"),
    ("asyncpg", r"site-packages/asyncpg/"),
    ("pydantic", r"site-packages/pydantic"),
    ("logging", r"lib/python3\.\d+/logging/"),
    ("asyncio (tasks, futures, streams)", r"lib/python3\.\d+/asyncio/"),
]

_PACKAGE = re.compile(r"site-packages/([A-Za-z0-9_]+)")
_APP = re.compile(r"/(app|benchmarks)/([A-Za-z0-9_]+)")
_STDLIB = re.compile(r"lib/python3\.\d+/([A-Za-z0-9_]+)")


def parse(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames_part, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = frames_part.split(";")
        # py-spy raw: "process ...;thread ...;outermost;...;innermost"
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        stacks.append((frames, int(count)))
    return stacks


def owner(frame: str) -> str:
    if m := _APP.search(frame):
        return f"{m.group(1)}.{m.group(2)}"
    if m := _PACKAGE.search(frame):
        return m.group(1)
    if m := _STDLIB.search(frame):
        return f"stdlib.{m.group(1)}"
    return "other"


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
