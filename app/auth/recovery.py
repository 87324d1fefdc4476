"""Password reset and email verification: signed, expiring, single-use links.

A link carries a JWT (own audience per purpose) naming a `one_time_tokens` row, which makes
it single use. The JWT also carries a short fingerprint of the account state the link is
about (the password hash, the email address): once that changes, older links stop working.
Services flush; the request commits.
"""

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth import repository as repo
from app.auth.models import OneTimeToken, RefreshToken, TokenPurpose, User
from app.core import security
from app.core.config import get_settings
from app.core.db import TenantScope, apply_tenant_scope
from app.core.errors import Conflict, Unauthorized, VigieError
from app.core.models import utcnow
from app.mail.service import queue_mail

INVALID = "This link is invalid, expired or already used; ask for a new one"
# At most one reset mail per account per period: the endpoint is public, and must not
# become a way to flood someone's mailbox.
RESET_COOLDOWN = timedelta(minutes=1)


class InvalidRecoveryToken(VigieError):
    status, code, title = 400, "invalid_token", "Invalid or expired token"


def fingerprint(value: str) -> str:
    """Short, one-way: enough to notice a change, useless to recover the value."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TokenKind:
    purpose: TokenPurpose
    audience: str
    lifetime: timedelta
    # The account state the link is bound to; the link dies when it changes.
    bound_to: Callable[[User], str]


PASSWORD_RESET = TokenKind(TokenPurpose.password_reset, "vigie-password-reset",
                           timedelta(minutes=60), lambda u: fingerprint(u.password_hash))
EMAIL_VERIFICATION = TokenKind(TokenPurpose.email_verification, "vigie-email-verification",
                               timedelta(hours=24), lambda u: fingerprint(u.email.lower()))


def _link(path: str, token: str) -> str:
    return f"{get_settings().app_url.rstrip('/')}/{path}?{urlencode({'token': token})}"


async def issue_token(session: AsyncSession, user: User, kind: TokenKind) -> str:
    row = OneTimeToken(user_id=user.id, purpose=kind.purpose,
                       expires_at=utcnow() + kind.lifetime)
    session.add(row)
    await session.flush()
    return security.encode_token(str(user.id), audience=kind.audience, lifetime=kind.lifetime,
                                 claims={"ott": str(row.id), "bind": kind.bound_to(user)})


def _claims(token: str, kind: TokenKind) -> tuple[uuid.UUID, uuid.UUID, str]:
    try:
        claims = security.decode_token(token, audience=kind.audience)
        return uuid.UUID(claims["sub"]), uuid.UUID(claims["ott"]), str(claims["bind"])
    except (security.InvalidToken, KeyError, ValueError, TypeError):
        raise InvalidRecoveryToken(INVALID) from None


async def redeem_token(session: AsyncSession, token: str, kind: TokenKind) -> User:
    """Check the link and spend it; the user it names. Any failure is the same 400."""
    user_id, ott_id, bound = _claims(token, kind)
    # Locked: of two simultaneous uses of one link, the second sees it spent.
    row = await session.scalar(
        sa.select(OneTimeToken).where(OneTimeToken.id == ott_id).with_for_update())
    now = utcnow()
    if (row is None or row.user_id != user_id or row.purpose != kind.purpose
            or row.used_at is not None or row.expires_at <= now):
        raise InvalidRecoveryToken(INVALID)
    user = await repo.get_user(session, user_id)
    if user is None or not user.is_active or not hmac.compare_digest(bound, kind.bound_to(user)):
        raise InvalidRecoveryToken(INVALID)
    row.used_at = now
    return user


async def _issued_since(session: AsyncSession, user_id: uuid.UUID, purpose: TokenPurpose,
                        since: timedelta) -> bool:
    return bool(await session.scalar(sa.select(sa.exists().where(
        OneTimeToken.user_id == user_id, OneTimeToken.purpose == purpose,
        OneTimeToken.created_at >= utcnow() - since))))


async def request_password_reset(session: AsyncSession, email: str) -> None:
    """Mail a reset link if the account exists; the caller answers the same either way."""
    user = await repo.get_user_by_email(session, email)
    if user is None or not user.is_active:
        return
    if await _issued_since(session, user.id, TokenPurpose.password_reset, RESET_COOLDOWN):
        return
    token = await issue_token(session, user, PASSWORD_RESET)
    minutes = int(PASSWORD_RESET.lifetime.total_seconds() // 60)
    await queue_mail(session, to=user.email, template="password_reset", locale=user.locale,
                     context={"reset_url": _link("reset-password", token),
                              "expires_minutes": minutes})


async def revoke_refresh_tokens(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        sa.update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=sa.func.now())
    )


async def confirm_password_reset(session: AsyncSession, token: str, new_password: str,
                                 ip: str | None) -> None:
    user = await redeem_token(session, token, PASSWORD_RESET)
    now = utcnow()
    user.password_hash = security.hash_password(new_password)
    user.updated_at = now
    # The link reached the mailbox: that verifies the address as well.
    user.email_verified_at = user.email_verified_at or now
    # Whoever knew the old password may hold a session: end them all.
    await revoke_refresh_tokens(session, user.id)
    await apply_tenant_scope(session, TenantScope(user_id=user.id))
    await audit.record(session, "password.reset", actor_user_id=user.id, target_type="user",
                       target_id=user.id, ip=ip)
    await session.flush()


async def send_verification(session: AsyncSession, user: User) -> None:
    """Mail a verification link to the user's address (called at signup and on demand)."""
    if user.email_verified_at is not None:
        return
    token = await issue_token(session, user, EMAIL_VERIFICATION)
    await queue_mail(session, to=user.email, template="email_verification", locale=user.locale,
                     context={"verify_url": _link("verify-email", token)})


async def request_email_verification(session: AsyncSession, user_id: uuid.UUID) -> None:
    user = await repo.get_user(session, user_id)
    if user is None:
        raise Unauthorized()
    if user.email_verified_at is not None:
        raise Conflict("This email address is already verified", code="email_already_verified")
    await send_verification(session, user)


async def confirm_email_verification(session: AsyncSession, token: str,
                                     ip: str | None) -> None:
    user = await redeem_token(session, token, EMAIL_VERIFICATION)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        await apply_tenant_scope(session, TenantScope(user_id=user.id))
        await audit.record(session, "email.verified", actor_user_id=user.id,
                           target_type="user", target_id=user.id, ip=ip)
    await session.flush()
