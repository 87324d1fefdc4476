"""The mail outbox. Every mail is a row first; the `mail.send` task delivers it.

Queuing a mail never talks to SMTP: it inserts a row and buffers a job that reaches Redis
only if the caller's transaction commits. Delivery claims the row (`FOR UPDATE SKIP LOCKED`,
so two workers never send the same mail at once), sends it, and records the outcome in the
same transaction. Transient failures are retried with exponential backoff; a sweeper
re-enqueues rows whose job was lost, so losing Redis delays mail but never loses it.
"""

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.jobs import enqueue
from app.core.models import utcnow
from app.mail import smtp
from app.mail.models import MailStatus, OutboxMail
from app.mail.templates import render

logger = logging.getLogger(__name__)

SEND_TASK = "mail.send"
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
# A due row is left to its own job for this long before the sweeper assumes the job is lost.
SWEEP_GRACE = timedelta(minutes=2)
# Sweep job ids change once per window: a sweep repeated within it queues nothing new.
SWEEP_WINDOW_SECONDS = 300
SWEEP_BATCH = 500
MESSAGE_ID_DOMAIN = "vigie.mail"


async def queue_mail(session: AsyncSession, *, to: str, template: str, locale: str,
                     context: dict[str, Any]) -> OutboxMail:
    """Render the mail, store it, and have it sent once the caller's transaction commits."""
    rendered = render(template, locale, context)
    row = OutboxMail(to_address=to, subject=rendered.subject, body_text=rendered.body)
    session.add(row)
    await session.flush()
    enqueue(session, SEND_TASK, job_id=f"mail:{row.id}", mail_id=str(row.id))
    return row


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failures: 1, 2, 4 … minutes, capped."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


async def claim(session: AsyncSession, mail_id: uuid.UUID) -> OutboxMail | None:
    """Lock the mail if it is pending and due; None if sent, failed, early or being sent."""
    return await session.scalar(
        sa.select(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == MailStatus.pending,
               OutboxMail.next_attempt_at <= utcnow())
        .with_for_update(skip_locked=True)
    )


def _outgoing(row: OutboxMail) -> smtp.OutgoingMail:
    return smtp.OutgoingMail(sender=get_settings().mail_from, to=row.to_address,
                             subject=row.subject, body=row.body_text,
                             message_id=f"<{row.id}@{MESSAGE_ID_DOMAIN}>")


async def _transmit(row: OutboxMail, smtp_url: str) -> None:
    try:
        target = smtp.parse_smtp_url(smtp_url)
    except ValueError as exc:
        # A configuration mistake: keep retrying so that fixing SMTP_URL delivers the mail.
        raise smtp.TransientSmtpError(str(exc)) from None
    await smtp.send(target, _outgoing(row))


def _mark_sent(row: OutboxMail) -> None:
    row.status = MailStatus.sent
    row.sent_at = utcnow()
    row.last_error = None


def _record_failure(session: AsyncSession, row: OutboxMail, error: smtp.SmtpError) -> None:
    row.attempts += 1
    row.last_error = str(error)
    permanent = isinstance(error, smtp.PermanentSmtpError)
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = MailStatus.failed
        logger.warning("mail %s failed for good after %s attempt(s): %s", row.id, row.attempts,
                       row.last_error)
        return
    delay = backoff(row.attempts)
    row.next_attempt_at = utcnow() + delay
    enqueue(session, SEND_TASK, job_id=f"mail:{row.id}:retry:{row.attempts}", defer_by=delay,
            mail_id=str(row.id))
    logger.info("mail %s not delivered (attempt %s), retrying in %s: %s", row.id,
                row.attempts, delay, row.last_error)


async def deliver(session: AsyncSession, mail_id: uuid.UUID) -> MailStatus | None:
    """Send one mail if it is still due. Returns its new status, None if nothing was done."""
    row = await claim(session, mail_id)
    if row is None:
        return None
    smtp_url = get_settings().smtp_url
    if not smtp_url:
        logger.info("mail %s kept in outbox (no SMTP_URL); read it with `vigie outbox --show "
                    "%s`", row.id, str(row.id)[:8])
        _mark_sent(row)
    else:
        try:
            await _transmit(row, smtp_url)
        except smtp.SmtpError as exc:
            _record_failure(session, row, exc)
        else:
            _mark_sent(row)
    await session.flush()
    return row.status


async def requeue_due(session: AsyncSession) -> int:
    """Re-enqueue pending mails overdue by more than SWEEP_GRACE (their job was lost)."""
    ids = (await session.scalars(
        sa.select(OutboxMail.id)
        .where(OutboxMail.status == MailStatus.pending,
               OutboxMail.next_attempt_at <= utcnow() - SWEEP_GRACE)
        .order_by(OutboxMail.next_attempt_at)
        .limit(SWEEP_BATCH)
    )).all()
    window = int(time.time() // SWEEP_WINDOW_SECONDS)
    for mail_id in ids:
        enqueue(session, SEND_TASK, job_id=f"mail:{mail_id}:sweep:{window}",
                mail_id=str(mail_id))
    if ids:
        logger.info("re-enqueued %s overdue mail(s)", len(ids))
    return len(ids)

