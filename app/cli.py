"""The `vigie` command. Each command is thin: resolve settings, then call the real code.

Settings are resolved (`app.core.embedded.resolve_settings`) before anything else, so with no
DATABASE_URL / REDIS_URL every command finds the same embedded servers under `.vigie/`.
"""

import asyncio
import ctypes
import functools
import inspect
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from app.core.config import Settings, get_settings

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
# How long `vigie run` lets the API and the worker finish in-flight work after Ctrl-C.
STOP_GRACE_S = 30.0
# Shorter than the above, so uvicorn drains connections before `vigie run` kills it.
API_GRACE_S = 25
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

# Locals of a traceback may hold settings, hence secrets: never print them.
cli = typer.Typer(help="Vigie: listen, publish and measure for agencies.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)


def _resolve(*, logs: bool = True) -> Settings:
    from app.core.embedded import resolve_settings
    from app.core.logging import configure_logging

    try:
        settings = resolve_settings()
    except ValueError as exc:  # e.g. a SECRET_KEY too short: a config error, not a crash
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if logs:
        configure_logging(settings.log_level, json_output=settings.log_json)
    return settings


def _migrate(settings: Settings, revision: str) -> None:
    # Alembic's env.py calls asyncio.run: this must run outside any event loop.
    from alembic import command
    from alembic.config import Config

    # Alembic announces each of its plugins at INFO: noise in every `vigie run`.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = settings.database_url
    command.upgrade(config, revision)


def _mask(url: str | None) -> str:
    """`scheme://user:***@host/...`: URLs are printed, their passwords never."""
    if not url:
        return "-"
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.partition(':')[0]}:***@{host}"


def _wait_first_exit(children: dict[str, subprocess.Popen[bytes]], received: list[int]) -> int:
    """Block until a signal arrives (code 0) or a child exits (its code, at least 1)."""
    while not received:
        for name, proc in children.items():
            if proc.poll() is not None:
                typer.echo(f"{name} exited with code {proc.returncode}; stopping the others",
                           err=True)
                return proc.returncode or 1
        time.sleep(0.2)
    return 0


def _stop_children(children: dict[str, subprocess.Popen[bytes]], received: list[int]) -> None:
    forward = received[0] if received else signal.SIGTERM
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(forward)
    deadline = time.monotonic() + STOP_GRACE_S
    # A second Ctrl-C, or the grace period running out, kills what is left.
    while any(p.poll() is None for p in children.values()):
        if len(received) > 1 or time.monotonic() > deadline:
            for proc in children.values():
                if proc.poll() is None:
                    proc.kill()
        time.sleep(0.1)


def _terminate_with(parent: int) -> None:
    """Run in each child before it starts: SIGTERM when the supervisor dies, whatever kills
    it (SIGKILL, the OOM killer), so no API or worker outlives it and holds the port or
    keeps taking jobs. Linux only (prctl PR_SET_PDEATHSIG); elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the supervisor died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _supervise(commands: dict[str, list[str]]) -> int:
    """Run children until one exits or SIGINT/SIGTERM arrives; forward it; wait for all."""
    received: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda s, _frame: received.append(s))
    # Own sessions: a terminal Ctrl-C reaches only us, and each child gets exactly one signal.
    children = {name: subprocess.Popen(cmd, env=dict(os.environ), start_new_session=True,
                                       preexec_fn=functools.partial(_terminate_with,
                                                                    os.getpid()))
                for name, cmd in commands.items()}
    code = _wait_first_exit(children, received)
    _stop_children(children, received)
    return code


@cli.command()
def run() -> None:
    """Everything on one machine: migrate, then the API and a worker, until Ctrl-C."""
    embedded = get_settings().embedded
    settings = _resolve()
    _migrate(settings, "head")
    own = [sys.executable, "-m", "app.cli"]
    commands = {
        "api": [*own, "api", "--host", settings.host, "--port", str(settings.port)],
        "worker": [*own, "worker"],
    }
    typer.echo(f"Vigie API on http://{settings.host}:{settings.port} (docs at /docs). "
               "Ctrl-C stops.", err=True)
    code = _supervise(commands)
    if embedded:
        typer.echo("Embedded PostgreSQL and Redis keep running; `vigie stop` stops them.",
                   err=True)
    raise typer.Exit(code)


@cli.command()
def api(
    host: Annotated[str | None, typer.Option(help="Default: HOST setting")] = None,
    port: Annotated[int | None, typer.Option(help="Default: PORT setting")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Uvicorn worker processes")] = 1,
) -> None:
    """Serve the HTTP API with uvicorn."""
    import uvicorn

    settings = _resolve()
    # log_config=None keeps Vigie's JSON logging; the app logs each request itself.
    uvicorn.run("app.main:app", host=host or settings.host, port=port or settings.port,
                workers=workers, log_config=None, access_log=False,
                timeout_graceful_shutdown=API_GRACE_S)


@cli.command()
def worker(
    burst: Annotated[bool, typer.Option(help="Exit once the queue is empty")] = False,
    check: Annotated[bool, typer.Option(help="Exit 0 if a worker is healthy, else 1")] = False,
) -> None:
    """Run an ARQ worker; it also runs the periodic sweepers."""
    from workers.settings import run_worker, worker_healthy

    _resolve()
    if check:
        raise typer.Exit(0 if worker_healthy() else 1)
    run_worker(burst=burst)


@cli.command()
def migrate(
    revision: Annotated[str, typer.Option(help="Target revision")] = "head",
) -> None:
    """Apply database migrations (as the DATABASE_URL user, the tables' owner)."""
    _migrate(_resolve(), revision)


async def _seed() -> dict[str, Any]:
    from app.core import jobs
    from app.core.db import close_database, get_database
    from app.demo import seed_demo

    try:
        # Accept either shape: seed_demo() opening its own sessions, or seed_demo(factory).
        if inspect.signature(seed_demo).parameters:
            return await seed_demo(get_database().sessionmaker)
        return await seed_demo()
    finally:
        await jobs.close_queue()
        await close_database()


@cli.command("seed-demo")
def seed_demo() -> None:
    """Migrate, then create a demo agency, a client workspace and two users."""
    settings = _resolve(logs=False)
    _migrate(settings, "head")
    demo = asyncio.run(_seed())
    rows = [("Organization", demo.get("organization")), ("Workspace", demo.get("workspace")),
            ("Owner", f"{demo.get('owner_email')}  password: {demo.get('owner_password')}"),
            ("Client", f"{demo.get('client_email')}  password: {demo.get('client_password')}"),
            ("Sign in at", settings.app_url)]
    typer.echo("Demo data ready.")
    for label, value in rows:
        typer.echo(f"  {label:<14}{value}")


async def _outbox(settings: Settings, limit: int, show: str | None) -> None:
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import AsyncSession

    from app.core.db import create_engine
    from app.mail.models import OutboxMail

    # The outbox is not tenant data: read it as the owner, outside row-level security.
    engine = create_engine(settings, as_app_role=False)
    try:
        async with AsyncSession(engine) as session:
            stmt = sa.select(OutboxMail).order_by(OutboxMail.created_at.desc()).limit(limit)
            if show:
                stmt = stmt.where(sa.cast(OutboxMail.id, sa.String).startswith(show.lower()))
            mails = (await session.scalars(stmt)).all()
    finally:
        await engine.dispose()
    if show:
        if not mails:
            typer.echo(f"no mail with id {show}", err=True)
            raise typer.Exit(1)
        mail = mails[0]
        typer.echo(f"To: {mail.to_address}\nSubject: {mail.subject}\nStatus: {mail.status}\n"
                   f"Created: {mail.created_at:%Y-%m-%d %H:%M:%S}\n\n{mail.body_text}")
        return
    for mail in mails:
        typer.echo(f"{str(mail.id)[:8]}  {mail.created_at:%Y-%m-%d %H:%M}  {mail.status:<7}  "
                   f"{mail.to_address:<32}  {mail.subject}")
    if not mails:
        typer.echo("The outbox is empty.")


@cli.command()
def outbox(
    limit: Annotated[int, typer.Option(min=1, help="How many of the latest mails")] = 20,
    show: Annotated[str | None, typer.Option(help="Print the body of this mail (id or prefix)")]
    = None,
) -> None:
    """List the mails Vigie sent or queued (with no SMTP_URL, mails stop here)."""
    asyncio.run(_outbox(_resolve(logs=False), limit, show))


@cli.command()
def info() -> None:
    """Print the resolved configuration (passwords masked)."""
    embedded = get_settings().embedded
    settings = _resolve(logs=False)
    rows = [("environment", settings.environment),
            ("api", f"http://{settings.host}:{settings.port} (docs at /docs)"),
            ("public url", settings.public_url), ("app url", settings.app_url),
            ("database", _mask(settings.database_url)), ("redis", _mask(settings.redis_url)),
            ("embedded", f"yes, data in {settings.data_dir.resolve()}" if embedded else "no"),
            ("smtp", _mask(settings.smtp_url) if settings.smtp_url else "none (outbox only)")]
    for label, value in rows:
        typer.echo(f"{label:<12} {value}")


@cli.command()
def stop() -> None:
    """Stop the embedded PostgreSQL and Redis started under the data folder."""
    from app.core.embedded import stop_all

    data_dir = get_settings().data_dir
    stop_all(data_dir)
    typer.echo(f"Embedded servers under {data_dir} stopped.")


@cli.command()
def openapi(
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout")] = None,
) -> None:
    """Print the OpenAPI document, the source of the SPA's generated client.

    The schema depends on code only: placeholders stand in for unset server settings so
    that nothing is started or reached (the embedded default would otherwise boot).
    """
    import json
    import secrets

    for name, placeholder in (("DATABASE_URL", "postgresql://openapi@127.0.0.1:9/openapi"),
                              ("REDIS_URL", "redis://127.0.0.1:9/0"),
                              ("SECRET_KEY", secrets.token_urlsafe(48)),
                              ("LOG_LEVEL", "WARNING")):
        os.environ.setdefault(name, placeholder)
    get_settings.cache_clear()
    from app.main import create_app

    document = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
