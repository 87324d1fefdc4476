"""Sign-up, login, token rotation. Services flush; the request commits."""

import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth import repository as repo
from app.auth.models import RefreshToken, User
from app.auth.schemas import SignupRequest, TokenPair
from app.core import security
from app.core.config import get_settings
from app.core.db import TenantScope, apply_tenant_scope, widen_tenant_scope
from app.core.errors import Conflict, Unauthorized
from app.tenancy.models import Organization, OrganizationMembership, OrgRole

INVALID_CREDENTIALS = "Invalid email or password"
INVALID_REFRESH = "The refresh token is invalid, expired or already used"


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:60] or "org"
    return slug


async def issue_tokens(session: AsyncSession, user_id: uuid.UUID,
                       family_id: uuid.UUID | None = None) -> TokenPair:
    settings = get_settings()
    refresh = security.new_opaque_token("vr_")
    session.add(RefreshToken(
        user_id=user_id,
        family_id=family_id or uuid.uuid4(),
        token_hash=security.hash_opaque_token(refresh),
        expires_at=datetime.now(UTC) + timedelta(days=settings.refresh_token_days),
    ))
    await session.flush()
    return TokenPair(access_token=security.create_access_token(user_id), refresh_token=refresh,
                     expires_in=settings.access_token_minutes * 60)


async def create_user(session: AsyncSession, *, email: str, password: str, full_name: str,
                      locale: str, verified: bool = False) -> User:
    if await repo.get_user_by_email(session, email):
        raise Conflict("An account already exists for this email", code="email_taken")
    user = User(email=email, password_hash=security.hash_password(password), full_name=full_name,
                locale=locale, email_verified_at=datetime.now(UTC) if verified else None)
    session.add(user)
    await session.flush()
    return user


async def signup(session: AsyncSession, data: SignupRequest, ip: str | None
                 ) -> tuple[User, Organization, TokenPair]:
    user = await create_user(session, email=data.email, password=data.password,
                             full_name=data.full_name, locale=data.locale)
    org = Organization(name=data.organization_name,
                       slug=f"{slugify(data.organization_name)}-{secrets.token_hex(3)}")
    await apply_tenant_scope(session, TenantScope(user_id=user.id))
    await widen_tenant_scope(session, organization_id=org.id, admin=True)
    session.add(org)
    await session.flush()
    session.add(OrganizationMembership(organization_id=org.id, user_id=user.id,
                                       role=OrgRole.owner))
    await audit.record(session, "user.signup", organization_id=org.id, actor_user_id=user.id,
                       target_type="user", target_id=user.id, ip=ip)
    from app.auth.recovery import send_verification

    await send_verification(session, user)
    return user, org, await issue_tokens(session, user.id)


async def authenticate(session: AsyncSession, email: str, password: str, ip: str | None) -> User:
    user = await repo.get_user_by_email(session, email)
    ok = security.verify_password(user.password_hash if user else None, password)
    if not user or not ok or not user.is_active:
        await audit.record(session, "login.failed", actor_user_id=user.id if user else None,
                           ip=ip, details={"email": email.lower()})
        raise Unauthorized(INVALID_CREDENTIALS, persist=True, code="invalid_credentials")
    if security.password_needs_rehash(user.password_hash):
        user.password_hash = security.hash_password(password)
    await apply_tenant_scope(session, TenantScope(user_id=user.id))
    await audit.record(session, "login.succeeded", actor_user_id=user.id, ip=ip)
    return user


async def login(session: AsyncSession, email: str, password: str, ip: str | None) -> TokenPair:
    user = await authenticate(session, email, password, ip)
    return await issue_tokens(session, user.id)


async def refresh(session: AsyncSession, token: str, ip: str | None) -> TokenPair:
    row = await repo.get_refresh_token(session, security.hash_opaque_token(token))
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized(INVALID_REFRESH)
    if row.used_at is not None:
        # A spent token came back: someone holds a copy. End the whole login.
        await repo.revoke_family(session, row.family_id)
        await apply_tenant_scope(session, TenantScope(user_id=row.user_id))
        await audit.record(session, "refresh_token.reuse_detected", actor_user_id=row.user_id,
                           ip=ip, details={"family_id": str(row.family_id)})
        raise Unauthorized(INVALID_REFRESH, persist=True)
    user = await repo.get_user(session, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized(INVALID_REFRESH)
    row.used_at = now
    return await issue_tokens(session, row.user_id, family_id=row.family_id)


async def logout(session: AsyncSession, token: str) -> None:
    row = await repo.get_refresh_token(session, security.hash_opaque_token(token))
    if row is not None:
        await repo.revoke_family(session, row.family_id)
