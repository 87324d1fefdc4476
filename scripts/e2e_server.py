"""Vigie for the browser tests (frontend/e2e), on its own database.

    e2e_server.py serve         fresh database, migrations, then `vigie run` on E2E_PORT
    e2e_server.py mail ADDRESS  print the latest mail sent to ADDRESS (links the tests follow)

With DATABASE_URL / REDIS_URL set (this machine, CI), the tests get a database of their own,
`vigie_e2e`, on that server (recreated at each start) and Redis database 14 (flushed). Without
them, the embedded servers run under `.vigie-e2e/`, wiped at each start. Either way the
developer's own data is never touched.
"""

import asyncio
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VIGIE = ROOT / ".venv" / "bin" / "vigie"
E2E_DB = "vigie_e2e"
E2E_REDIS_DB = "14"
EMBEDDED_DIR = ROOT / ".vigie-e2e"


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path))


def e2e_env() -> dict[str, str]:
    env = dict(os.environ)
    port = env.get("E2E_PORT", "8123")
    env.update(PORT=port, HOST="127.0.0.1", APP_URL=f"http://127.0.0.1:{port}",
               PUBLIC_URL=f"http://127.0.0.1:{port}", ALLOW_PRIVATE_SOURCES="true",
               LOG_LEVEL="WARNING", ENVIRONMENT="test")
    if env.get("DATABASE_URL") and env.get("REDIS_URL"):
        env["DATABASE_URL"] = _with_path(env["DATABASE_URL"], f"/{E2E_DB}")
        env["REDIS_URL"] = _with_path(env["REDIS_URL"], f"/{E2E_REDIS_DB}")
        env.setdefault("SECRET_KEY", "e2e-only-secret-key-not-for-production-0123456789")
        env.setdefault("ENCRYPTION_KEYS", "D5DrwyKNMxGc4f2mAUe9lYD3ZmyLah5kuiJERi3W-B0=")
    else:
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env["DATA_DIR"] = str(EMBEDDED_DIR)
    return env


async def _recreate_database(admin_url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_with_path(admin_url, "/postgres"))
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {E2E_DB} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {E2E_DB}")
    finally:
        await conn.close()


async def _flush_redis(url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


def serve() -> None:
    env = e2e_env()
    if "DATABASE_URL" in env:
        asyncio.run(_recreate_database(os.environ["DATABASE_URL"]))
        asyncio.run(_flush_redis(env["REDIS_URL"]))
    else:
        import subprocess

        subprocess.run([str(VIGIE), "stop"], env=env, check=False)
        shutil.rmtree(EMBEDDED_DIR, ignore_errors=True)
    # `vigie run` migrates, then runs the API (serving frontend/dist) and a worker.
    os.execve(VIGIE, [str(VIGIE), "run"], env)  # noqa: S606 - a fixed program, no shell


async def _latest_mail(address: str) -> str:
    import asyncpg

    env = e2e_env()  # before clearing: it derives from the caller's environment
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from app.core.embedded import resolve_settings

    # Finds the servers `serve` uses, embedded ones included. The outbox is not tenant data:
    # read it as the owner.
    settings = resolve_settings()
    conn = await asyncpg.connect(settings.database_url)
    try:
        body = await conn.fetchval(
            "SELECT body_text FROM mail_outbox WHERE lower(to_address) = lower($1) "
            "ORDER BY created_at DESC LIMIT 1", address)
    finally:
        await conn.close()
    if body is None:
        raise SystemExit(f"no mail to {address}")
    return str(body)


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["serve"]:
            serve()
        case ["mail", address]:
            print(asyncio.run(_latest_mail(address)))
        case _:
            raise SystemExit(__doc__)
