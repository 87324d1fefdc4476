"""API keys of an organization: created, listed and revoked by its owners and admins.

Only a user session manages keys: a key that could mint keys would outlive its own
revocation.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from app.api_keys import service
from app.api_keys.models import ApiKey
from app.api_keys.repository import ApiKeyRepository
from app.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from app.auth.dependencies import CurrentPrincipal, get_user_principal
from app.auth.permissions import Permission
from app.auth.principal import Principal
from app.core.deps import PageDep, SessionDep
from app.core.errors import PROBLEM_RESPONSES, Forbidden, NotFound
from app.core.pagination import Page

router = APIRouter(tags=["api-keys"])

_BASE = "/organizations/{organization_id}/api-keys"


async def _key_manager(organization_id: uuid.UUID, principal: CurrentPrincipal) -> Principal:
    # Reachability first: another tenant's organization is a 404 whoever asks.
    if organization_id not in principal.org_roles:
        raise NotFound("Organization not found")
    await get_user_principal(principal)
    if Permission.api_keys_manage not in principal.org_permissions(organization_id):
        raise Forbidden(f"Your role does not allow this ({Permission.api_keys_manage.value})")
    return principal


KeyManager = Annotated[Principal, Depends(_key_manager)]


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _get_key(session: SessionDep, principal: Principal, organization_id: uuid.UUID,
                   api_key_id: uuid.UUID) -> ApiKey:
    return await ApiKeyRepository(session, principal).get(
        api_key_id, ApiKey.organization_id == organization_id
    )


@router.post(_BASE, status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated,
             summary="Create an API key; the key itself is shown only in this answer",
             responses={422: {**PROBLEM_RESPONSES[422],
                             "description": "Scopes or workspaces beyond your own rights"}})
async def create_api_key(organization_id: uuid.UUID, data: ApiKeyCreate, request: Request,
                         response: Response, principal: KeyManager,
                         session: SessionDep) -> ApiKeyCreated:
    key, plain = await service.create_api_key(session, principal, organization_id, data,
                                              ip=_client_ip(request))
    response.headers["Cache-Control"] = "no-store"  # the answer holds a secret
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), key=plain)


@router.get(_BASE, response_model=Page[ApiKeyRead],
            summary="List the organization's API keys, newest first (never the keys themselves)")
async def list_api_keys(organization_id: uuid.UUID, principal: KeyManager, session: SessionDep,
                        page: PageDep) -> Page[ApiKeyRead]:
    rows, next_cursor = await ApiKeyRepository(session, principal).page(
        page, ApiKey.organization_id == organization_id
    )
    return Page(items=[ApiKeyRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get(_BASE + "/{api_key_id}", response_model=ApiKeyRead, summary="Read an API key")
async def get_api_key(organization_id: uuid.UUID, api_key_id: uuid.UUID, principal: KeyManager,
                      session: SessionDep) -> ApiKeyRead:
    return ApiKeyRead.model_validate(
        await _get_key(session, principal, organization_id, api_key_id)
    )


@router.delete(_BASE + "/{api_key_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Revoke an API key; it stops working at once")
async def revoke_api_key(organization_id: uuid.UUID, api_key_id: uuid.UUID, request: Request,
                         principal: KeyManager, session: SessionDep) -> Response:
    key = await _get_key(session, principal, organization_id, api_key_id)
    await service.revoke_api_key(session, principal, key, ip=_client_ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
