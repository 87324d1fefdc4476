"""Delivery through an SMTP relay named by `smtp://user:pass@host:port` or `smtps://...`.

`smtp://` speaks STARTTLS: required on the submission port 587 (its default), opportunistic
elsewhere (used when the server offers it); `?starttls=false` turns it off for local relays.
`smtps://` is implicit TLS (default port 465). Errors come out typed: a 5xx answer about the
message is permanent (retrying cannot help), everything else is transient.
"""

import email.utils
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

SUBMISSION_PORT = 587
SMTPS_PORT = 465
TIMEOUT_SECONDS = 30
ERROR_MAX = 500


class SmtpError(Exception):
    """A delivery failure whose message is safe to store (never holds credentials)."""


class TransientSmtpError(SmtpError):
    pass


class PermanentSmtpError(SmtpError):
    pass


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool | None = None  # None: upgrade if the server offers STARTTLS

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"SmtpTarget(host={self.host!r}, port={self.port}, use_tls={self.use_tls})"


@dataclass(frozen=True)
class OutgoingMail:
    sender: str
    to: str
    subject: str
    body: str
    message_id: str


def _start_tls(scheme: str, port: int, query: str) -> bool | None:
    if scheme == "smtps":
        return False
    flag = parse_qs(query).get("starttls", [""])[0].lower()
    if flag in ("false", "0", "no"):
        return False
    if flag in ("true", "1", "yes") or port == SUBMISSION_PORT:
        return True
    return None


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:pass@host:port or smtps://...")
    port = parts.port or (SMTPS_PORT if parts.scheme == "smtps" else SUBMISSION_PORT)
    return SmtpTarget(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=parts.scheme == "smtps",
        start_tls=_start_tls(parts.scheme, port, parts.query),
    )


def build_message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
    # Stable across retries: a receiver that got a copy before a lost answer can drop the next.
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    return message


def _truncate(text: str) -> str:
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"


def _response_code(exc: aiosmtplib.SMTPException) -> int | None:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        return exc.recipients[0].code
    return getattr(exc, "code", None)


# Errors about this message; a 5xx on any of them will not change by retrying. Connection,
# greeting and authentication errors are about the relay and stay transient whatever their
# code: fixing SMTP_URL or the relay should still deliver the mail.
_MESSAGE_ERRORS = (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPRecipientRefused,
                   aiosmtplib.SMTPSenderRefused, aiosmtplib.SMTPDataError)


def classify(exc: Exception) -> SmtpError:
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return TransientSmtpError(f"SMTP authentication failed ({exc.code})")
    if isinstance(exc, aiosmtplib.SMTPException):
        code = _response_code(exc)
        text = f"{code} {getattr(exc, 'message', exc)}" if code else str(exc)
        permanent = isinstance(exc, _MESSAGE_ERRORS) and code is not None and code >= 500
        return (PermanentSmtpError if permanent else TransientSmtpError)(_truncate(text))
    return TransientSmtpError(_truncate(f"{type(exc).__name__}: {exc}"))


async def send(target: SmtpTarget, mail: OutgoingMail) -> None:
    _, envelope_from = email.utils.parseaddr(mail.sender)
    try:
        await aiosmtplib.send(
            build_message(mail),
            sender=envelope_from or None,
            recipients=[mail.to],
            hostname=target.host,
            port=target.port,
            username=target.username,
            password=target.password,
            use_tls=target.use_tls,
            start_tls=target.start_tls,
            timeout=TIMEOUT_SECONDS,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise classify(exc) from exc
