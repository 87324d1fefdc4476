"""API keys: creation within the creator's rights, revocation, and authentication.

A key reads `vk_<organization id hex>_<secret>`: the organization comes first because
row-level security needs the tenant set before `api_keys` can be read at all. Only the
SHA-256 of the whole key is stored.
"""

import secrets
import uuid
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from app.api_keys import repository
from app.api_keys.models import ApiKey
from app.api_keys.schemas import ApiKeyCreate
from app.audit import service as audit
from app.auth.dependencies import API_KEY_PREFIX
from app.auth.principal import Principal
from app.auth.repository import authenticate
from app.core.db import DriverTransaction
from app.core.errors import Invalid, Unauthorized
from app.core.models import utcnow
from app.core.security import hash_opaque_token

_ORG_HEX_LEN = 32
_SECRET_START = len(API_KEY_PREFIX) + _ORG_HEX_LEN + 1
_PREFIX_LEN = 8
# One message for every failure, so a caller learns nothing about which keys exist.
_INVALID_KEY = "The API key is invalid, expired or revoked"


def format_key(organization_id: uuid.UUID, secret: str) -> str:
    return f"{API_KEY_PREFIX}{organization_id.hex}_{secret}"


def parse_key(token: str) -> uuid.UUID | None:
    """The organization a well-formed key belongs to; None when it is not one of ours.

    Positions are fixed because the urlsafe secret may itself contain `_`.
    """
    if not token.startswith(API_KEY_PREFIX) or len(token) <= _SECRET_START:
        return None
    org_hex = token[len(API_KEY_PREFIX):_SECRET_START - 1]
    if token[_SECRET_START - 1] != "_" or len(org_hex) != _ORG_HEX_LEN:
        return None
    try:
        return uuid.UUID(hex=org_hex)
    except ValueError:
        return None


def narrow_to_organization(principal: Principal, organization_id: uuid.UUID) -> Principal:
    """The principal's rights in one organization only: a key never reaches another."""
    return replace(
        principal,
        org_roles={o: r for o, r in principal.org_roles.items() if o == organization_id},
        workspace_roles={w: m for w, m in principal.workspace_roles.items()
                         if m[0] == organization_id},
    )


def _check_scopes(creator: Principal, organization_id: uuid.UUID, data: ApiKeyCreate) -> None:
    held = {p.value for p in narrow_to_organization(creator, organization_id).all_permissions()}
    missing = sorted({s.value for s in data.scopes} - held)
    if missing:
        raise Invalid(f"A key cannot hold more rights than you: you do not hold "
                      f"{', '.join(missing)} in this organization", scopes=missing)


async def _check_workspaces(session: AsyncSession, creator: Principal,
                            organization_id: uuid.UUID, workspace_ids: list[uuid.UUID]) -> None:
    found = await repository.existing_workspace_ids(session, organization_id, workspace_ids)
    reachable = {w for w in found if creator.workspace_role(organization_id, w) is not None}
    unknown = sorted({str(w) for w in workspace_ids if w not in reachable})
    if unknown:
        raise Invalid(f"Unknown workspace: {', '.join(unknown)}", workspace_ids=unknown)


async def create_api_key(session: AsyncSession, creator: Principal, organization_id: uuid.UUID,
                         data: ApiKeyCreate, *, ip: str | None = None) -> tuple[ApiKey, str]:
    """The new key and its plain value, which is never stored nor shown again."""
    _check_scopes(creator, organization_id, data)
    workspace_ids = list(dict.fromkeys(data.workspace_ids)) if data.workspace_ids is not None \
        else None
    if workspace_ids is not None:
        await _check_workspaces(session, creator, organization_id, workspace_ids)
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise Invalid("expires_at must be in the future")
    secret = secrets.token_urlsafe(32)
    plain = format_key(organization_id, secret)
    key = ApiKey(organization_id=organization_id, created_by=creator.user_id, name=data.name,
                 prefix=secret[:_PREFIX_LEN], key_hash=hash_opaque_token(plain),
                 scopes=sorted({s.value for s in data.scopes}), workspace_ids=workspace_ids,
                 expires_at=data.expires_at)
    session.add(key)
    await session.flush()
    await audit.record(session, "api_key.created", organization_id=organization_id,
                       actor=creator, target_type="api_key", target_id=key.id, ip=ip,
                       details={"name": key.name, "scopes": key.scopes,
                                "workspace_ids": [str(w) for w in workspace_ids or []] or None})
    return key, plain


async def revoke_api_key(session: AsyncSession, actor: Principal, key: ApiKey, *,
                         ip: str | None = None) -> None:
    """Revoking twice is a no-op: DELETE stays idempotent and the audit trail has one entry."""
    if key.revoked_at is not None:
        return
    key.revoked_at = utcnow()
    await session.flush()
    await audit.record(session, "api_key.revoked", organization_id=key.organization_id,
                       actor=actor, target_type="api_key", target_id=key.id, ip=ip,
                       details={"name": key.name})


async def authenticate_api_key(session: AsyncSession | DriverTransaction, token: str) -> Principal:
    """The key's creator, narrowed to the key's organization, scopes and workspaces.

    Rights are re-read from the creator's memberships on every request (in
    `vigie_authenticate`, which also records `last_used_at`), so demoting or removing the
    creator takes effect on their keys at once.
    """
    organization_id = parse_key(token)
    if organization_id is None:
        raise Unauthorized(_INVALID_KEY)
    principal = await authenticate(session, key_organization_id=organization_id,
                                   key_hash=hash_opaque_token(token))
    if principal is None or organization_id not in principal.organization_ids:
        raise Unauthorized(_INVALID_KEY)
    return principal
