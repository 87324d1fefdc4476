"""Helpers shared by the parts of benchmarks/listening_bench.py."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from dataclasses import dataclass, field

BENCH_DATABASE = "vigie_listening_bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Ids:
    org: uuid.UUID = field(default_factory=uuid.uuid4)
    workspace: uuid.UUID = field(default_factory=uuid.uuid4)
    watch: uuid.UUID = field(default_factory=uuid.uuid4)
    other_watch: uuid.UUID = field(default_factory=uuid.uuid4)
    user: uuid.UUID = field(default_factory=uuid.uuid4)


# --- machine accounting -------------------------------------------------------------------


def _ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _backends() -> list[int]:
    """PostgreSQL backends serving the bench database (their title names it)."""
    pids = []
    needle = f" {BENCH_DATABASE} ".encode()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if cmd.startswith(b"postgres:") and needle in cmd:
                pids.append(int(entry))
    return pids


def _children() -> list[int]:
    """This process's children: the scorer's worker (language and sentiment of large
    batches run there, see app/listening/enrichment.py)."""
    me, pids = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rpartition(")")[2].split()[1]) == me:
                        pids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return pids


NICENESS = 0


def renice_backends(niceness: int | None = None) -> None:
    """This process and the PostgreSQL backends of the bench database at --nice (0: left
    alone); needs root below 0. Called at each phase and scenario start, as connections
    come and go."""
    global NICENESS
    if niceness is not None:
        NICENESS = niceness
    if not NICENESS:
        return
    for pid in [os.getpid(), *_backends()]:
        with contextlib.suppress(PermissionError, ProcessLookupError):
            os.setpriority(os.PRIO_PROCESS, pid, NICENESS)


def _machine() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return sum(values) - values[3] - values[4], sum(values)


class Meter:
    """Wall time, this process's CPU (its children's included), the bench database's
    backends' CPU, and how busy the whole machine was (other sessions' work is the main
    source of noise here)."""

    def __enter__(self) -> Meter:
        self.pg0 = {p: _ticks(p) for p in _backends()}
        self.kids0 = {p: _ticks(p) for p in _children()}
        self.m0, self.cpu0, self.t0 = _machine(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.t0
        # The scorer's child works for the benchmark: its CPU is not the machine's noise.
        kids = sum(v - self.kids0.get(p, 0) for p, v in
                   {p: _ticks(p) for p in _children()}.items()) / CLK_TCK
        self.py_cpu = time.process_time() - self.cpu0 + kids
        pg1 = {p: _ticks(p) for p in _backends()}
        self.pg_cpu = sum(v - self.pg0.get(p, 0) for p, v in pg1.items()) / CLK_TCK
        m1 = _machine()
        total = (m1[1] - self.m0[1]) / CLK_TCK
        busy = (m1[0] - self.m0[0]) / CLK_TCK
        self.busy = busy / total if total else 0.0
        self.other = max(0.0, busy - self.py_cpu - self.pg_cpu) / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"wall_s": self.wall, "python_cpu_s": self.py_cpu, "pg_cpu_s": self.pg_cpu,
                "machine_busy": self.busy, "other_share": self.other}


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))]


