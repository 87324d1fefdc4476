"""The outbox end to end: rows queued in a transaction, delivered by a real ARQ worker on the
real Redis, through a local SMTP relay (aiosmtpd) that records or refuses what it gets."""

import asyncio
import logging
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from httpx import AsyncClient

from app.core import jobs
from app.core.config import get_settings
from app.core.db import session_unit_of_work, tenant_session
from app.core.errors import Invalid
from app.mail.service import MAX_ATTEMPTS, queue_mail
from tests.factories import signup
from tests.worker import run_worker

SMTP_USER, SMTP_PASSWORD = "vigie", "p@ss:w0rd/secret"
RESET = {"reset_url": "https://app.vigie.test/reset-password?token=abc", "expires_minutes": 60}


class FakeRelay:
    """Accepts mail from the right login; answers RCPT with `reject` when it is set."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reject: str | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if self.reject:
            return self.reject
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                  auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == SMTP_USER.encode() \
        and auth_data.password == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # let aiosmtpd answer 535 itself


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def relay(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRelay]:
    handler = FakeRelay()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_authenticate, auth_require_tls=False)
    controller.start()
    url = f"smtp://{SMTP_USER}:{quote(SMTP_PASSWORD, safe='')}@127.0.0.1:{controller.port}"
    monkeypatch.setattr(get_settings(), "smtp_url", url)
    yield handler
    controller.stop()


@pytest.fixture
def no_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "smtp_url", None)


async def queue(to: str = "ana@agence-lumiere.fr", template: str = "password_reset",
                locale: str = "en", context: dict[str, Any] | None = None) -> uuid.UUID:
    async with tenant_session() as session:
        row = await queue_mail(session, to=to, template=template, locale=locale,
                               context=context or RESET)
    return row.id


async def outbox(db: asyncpg.Connection, mail_id: uuid.UUID) -> dict[str, Any]:
    return dict(await db.fetchrow("SELECT * FROM mail_outbox WHERE id = $1", mail_id))


async def queued_job_ids() -> list[str]:
    queue_ = await jobs.get_queue()
    return [job.job_id or "" for job in await queue_.queued_jobs(queue_name=jobs.QUEUE_NAME)]


async def test_requested_mail_reaches_the_smtp_relay(client: AsyncClient, relay: FakeRelay,
                                                     owner_db: asyncpg.Connection) -> None:
    account = await signup(client, "nina@agence-lumiere.fr", locale="fr")
    assert (await client.post("/api/v1/auth/password-reset",
                              json={"email": account["email"]})).status_code == 202
    await run_worker()
    reset = next(m for m in relay.messages if "mot de passe" in m["Subject"])
    assert reset["Subject"] == "Réinitialisez votre mot de passe Vigie"
    assert reset["To"] == "nina@agence-lumiere.fr"
    assert f"{get_settings().app_url}/reset-password?token=" in reset.get_content()
    assert ("no-reply@vigie.local", ["nina@agence-lumiere.fr"]) in relay.envelopes
    rows = await owner_db.fetch("SELECT * FROM mail_outbox")
    assert len(rows) == 2  # the verification mail of the signup, and the reset
    assert {r["status"] for r in rows} == {"sent"}
    assert all(r["sent_at"] and r["attempts"] == 0 and r["last_error"] is None for r in rows)
    row = next(r for r in rows if r["subject"] == reset["Subject"])
    assert reset["Message-ID"] == f"<{row['id']}@vigie.mail>"


async def test_without_smtp_url_the_mail_stays_in_the_outbox(
        no_smtp: None, owner_db: asyncpg.Connection, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="app.mail.service")
    mail_id = await queue(locale="fr")
    await run_worker()
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["last_error"], row["attempts"]) == ("sent", None, 0)
    assert "https://app.vigie.test/reset-password?token=abc" in row["body_text"]
    assert any("kept in outbox" in r.getMessage() and str(mail_id) in r.getMessage()
               for r in caplog.records)


async def test_a_4xx_answer_keeps_the_mail_pending_and_schedules_a_retry(
        relay: FakeRelay, owner_db: asyncpg.Connection) -> None:
    relay.reject = "451 4.3.0 Mailbox busy, try again later"
    mail_id = await queue()
    before = datetime.now(UTC)
    await run_worker(max_jobs=1)  # the retry is deferred: a burst worker would wait for it
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["attempts"], row["sent_at"]) == ("pending", 1, None)
    assert "451" in row["last_error"]
    assert row["next_attempt_at"] >= before + timedelta(seconds=55)
    assert f"mail:{mail_id}:retry:1" in await queued_job_ids()
    assert relay.messages == []


async def test_a_5xx_answer_fails_the_mail_at_once(relay: FakeRelay,
                                                   owner_db: asyncpg.Connection) -> None:
    relay.reject = "550 5.1.1 No such user here"
    mail_id = await queue()
    await run_worker()
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert row["last_error"].startswith("550")
    assert await queued_job_ids() == []


async def test_the_last_allowed_attempt_fails_the_mail(relay: FakeRelay,
                                                       owner_db: asyncpg.Connection) -> None:
    relay.reject = "421 4.7.0 Too many connections"
    mail_id = await queue()
    await owner_db.execute("UPDATE mail_outbox SET attempts = $1 WHERE id = $2",
                           MAX_ATTEMPTS - 1, mail_id)
    await run_worker()
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["attempts"]) == ("failed", MAX_ATTEMPTS)


async def test_an_unreachable_relay_is_transient_and_leaks_no_secret(
        monkeypatch: pytest.MonkeyPatch, owner_db: asyncpg.Connection) -> None:
    monkeypatch.setattr(get_settings(), "smtp_url",
                        f"smtps://{SMTP_USER}:{quote(SMTP_PASSWORD, safe='')}@127.0.0.1:"
                        f"{_free_port()}")
    mail_id = await queue()
    await run_worker(max_jobs=1)
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["last_error"] and "w0rd" not in row["last_error"]


async def test_wrong_relay_credentials_are_retried(monkeypatch: pytest.MonkeyPatch,
                                                   relay: FakeRelay,
                                                   owner_db: asyncpg.Connection) -> None:
    url = get_settings().smtp_url or ""
    monkeypatch.setattr(get_settings(), "smtp_url", url.replace(SMTP_USER, "intruder", 1))
    mail_id = await queue()
    await run_worker(max_jobs=1)
    row = await outbox(owner_db, mail_id)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert "authentication" in row["last_error"]


async def test_the_sweeper_requeues_a_mail_whose_job_was_lost(
        relay: FakeRelay, owner_db: asyncpg.Connection) -> None:
    mail_id = await queue()
    queue_ = await jobs.get_queue()
    await queue_.delete(jobs.QUEUE_NAME)  # Redis lost the queue; the row is still there
    await owner_db.execute("UPDATE mail_outbox SET next_attempt_at = now() - interval '10 "
                           "minutes' WHERE id = $1", mail_id)
    await run_worker(crons=("mail.sweep",))
    assert (await outbox(owner_db, mail_id))["status"] == "sent"
    assert [m["To"] for m in relay.messages] == ["ana@agence-lumiere.fr"]


async def test_sweeping_twice_queues_one_job(no_smtp: None,
                                             owner_db: asyncpg.Connection) -> None:
    mail_id = await queue()
    await owner_db.execute("UPDATE mail_outbox SET next_attempt_at = now() - interval '10 "
                           "minutes' WHERE id = $1", mail_id)
    sweep = jobs.CRONS["mail.sweep"].func
    assert await sweep({}) == 1
    assert await sweep({}) == 1
    ids = await queued_job_ids()
    assert sorted(i.split(":sweep:")[0] for i in ids) == [f"mail:{mail_id}"] * 2
    assert len([i for i in ids if ":sweep:" in i]) == 1  # plus the original job


async def test_a_mail_not_yet_due_or_already_sent_is_left_alone(
        relay: FakeRelay, owner_db: asyncpg.Connection) -> None:
    mail_id = await queue()
    await owner_db.execute("UPDATE mail_outbox SET next_attempt_at = now() + interval '1 hour' "
                           "WHERE id = $1", mail_id)
    send = jobs.TASKS["mail.send"].func
    assert await send({}, mail_id=str(mail_id)) is None
    await owner_db.execute("UPDATE mail_outbox SET next_attempt_at = now() WHERE id = $1",
                           mail_id)
    results = await asyncio.gather(*(send({}, mail_id=str(mail_id)) for _ in range(3)))
    assert await send({}, mail_id=str(mail_id)) is None
    assert sorted(results, key=str) == [None, None, "sent"]
    assert len(relay.messages) == 1  # concurrent jobs: the row lock lets one through


@pytest.mark.parametrize("error", [RuntimeError("crash"), Invalid("bad input")])
async def test_a_rolled_back_request_queues_no_job(error: Exception,
                                                   owner_db: asyncpg.Connection) -> None:
    with pytest.raises(type(error)):
        async with session_unit_of_work() as session:
            await queue_mail(session, to="ana@agence-lumiere.fr", template="password_reset",
                             locale="en", context=RESET)
            raise error
    assert await queued_job_ids() == []
    assert await owner_db.fetchval("SELECT count(*) FROM mail_outbox") == 0


async def test_a_committed_request_queues_its_job(owner_db: asyncpg.Connection) -> None:
    async with session_unit_of_work() as session:
        row = await queue_mail(session, to="ana@agence-lumiere.fr", template="password_reset",
                               locale="en", context=RESET)
    assert await queued_job_ids() == [f"mail:{row.id}"]
    assert (await outbox(owner_db, row.id))["status"] == "pending"
