"""A worker process knows every table its tasks can touch.

Checked in a fresh interpreter: this test process has imported the whole app already, which
is how a worker missing the users table (alerts.acknowledged_by → users) once went unnoticed.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from app.core import jobs
modules = jobs.discover()
from sqlmodel import SQLModel
unresolved = []
for table in SQLModel.metadata.tables.values():
    for fk in table.foreign_keys:
        try:
            fk.column
        except Exception as exc:
            unresolved.append(f"{table.name}: {exc}")
print(len(modules), len(SQLModel.metadata.tables))
print("\\n".join(unresolved))
"""


def test_every_foreign_key_resolves_in_a_worker_process():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=120).stdout.splitlines()
    task_modules, tables = map(int, out[0].split())
    assert task_modules >= 3 and tables >= 20
    assert [line for line in out[1:] if line] == []
