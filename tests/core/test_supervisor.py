"""`vigie run` supervises the API and the worker: none of them outlives it."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A supervisor of two children that write their pid, then sleep.
SUPERVISOR = textwrap.dedent("""
    import sys
    from app.cli import _supervise
    child = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"
    sys.exit(_supervise({name: [sys.executable, "-c", child, f"{sys.argv[1]}/{name}.pid"]
                         for name in ("api", "worker")}))
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by init) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, str(tmp_path)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        files = [tmp_path / f"{n}.pid" for n in ("api", "worker")]
        if all(f.exists() and f.read_text() for f in files):
            return supervisor, [int(f.read_text()) for f in files]
        time.sleep(0.05)
    supervisor.kill()
    raise AssertionError("the children did not start")


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_children_die_with_a_killed_supervisor(tmp_path: Path) -> None:
    supervisor, pids = _children(tmp_path)
    try:
        supervisor.kill()  # SIGKILL: no chance to stop them itself
        supervisor.wait()
        assert _gone(pids), "children outlived their supervisor"
    finally:
        for pid in pids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_sigterm_stops_every_child(tmp_path: Path) -> None:
    supervisor, pids = _children(tmp_path)
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=30) == 0
    assert _gone(pids, seconds=1)
