"""Authentication: `Authorization: Bearer <JWT access token | API key>`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.auth.repository import authenticate
from app.core import security
from app.core.db import DriverTransaction
from app.core.deps import SessionDep
from app.core.errors import Forbidden, Unauthorized
from app.core.ratelimit import enforce_rate_limit

API_KEY_PREFIX = "vk_"

# Lets /docs authorize with the password form; API keys go in the same Bearer header.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def principal_from_token(session: AsyncSession | DriverTransaction, token: str) -> Principal:
    """Resolve the caller and publish their tenant scope to the transaction.

    One round trip: `vigie_authenticate` sets in PostgreSQL the very scope that
    `Principal.tenant_scope()` computes (tests/auth/test_authenticate.py holds them equal).
    """
    if token.startswith(API_KEY_PREFIX):
        from app.api_keys.service import authenticate_api_key

        principal = await authenticate_api_key(session, token)
    else:
        try:
            user_id = security.decode_access_token(token)
        except security.InvalidToken:
            raise Unauthorized("The access token is invalid or expired") from None
        principal = await authenticate(session, user_id=user_id)
        if principal is None:
            raise Unauthorized("The access token is invalid or expired")
    return principal


async def get_principal(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    if not token:
        raise Unauthorized("Send an access token or an API key as 'Authorization: Bearer ...'")
    principal = await principal_from_token(session, token)
    request.state.principal = principal
    await enforce_rate_limit(request, principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_user_principal(principal: CurrentPrincipal) -> Principal:
    """For actions an API key may never take (managing keys, account settings)."""
    if principal.is_api_key:
        raise Forbidden("This action needs a user session, not an API key")
    return principal


UserPrincipal = Annotated[Principal, Depends(get_user_principal)]
