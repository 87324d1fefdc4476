from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.dependencies import CurrentPrincipal, UserPrincipal
from app.auth.me import build_me, update_me
from app.auth.schemas import (
    LoginRequest,
    MeRead,
    OAuth2Token,
    RefreshRequest,
    SignupRequest,
    SignupResponse,
    TokenPair,
    UserRead,
    UserUpdate,
)
from app.core.deps import DriverDep, SessionDep, driver_only
from app.core.ratelimit import LoginRateLimit
from app.core.responses import json_response

router = APIRouter(tags=["auth"])


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED, response_model=SignupResponse,
             dependencies=[LoginRateLimit],
             summary="Create an account and its agency organization (you become its owner)")
async def signup(data: SignupRequest, request: Request, session: SessionDep) -> SignupResponse:
    user, org, tokens = await service.signup(session, data, client_ip(request))
    return SignupResponse(**tokens.model_dump(), user=UserRead.model_validate(user),
                          organization_id=org.id)


@router.post("/auth/login", response_model=TokenPair, dependencies=[LoginRateLimit],
             summary="Exchange email and password for an access and a refresh token",
             responses={401: {"description": "Invalid credentials"}})
async def login(data: LoginRequest, request: Request, session: SessionDep) -> TokenPair:
    return await service.login(session, data.email, data.password, client_ip(request))


@router.post("/auth/token", response_model=OAuth2Token, dependencies=[LoginRateLimit],
             summary="OAuth2 password flow (for the interactive docs)",
             responses={401: {"description": "Invalid credentials"}})
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request,
                session: SessionDep) -> OAuth2Token:
    pair = await service.login(session, form.username, form.password, client_ip(request))
    return OAuth2Token(access_token=pair.access_token)


@router.post("/auth/refresh", response_model=TokenPair,
             summary="Rotate a refresh token; reusing a spent one ends the whole login",
             responses={401: {"description": "Invalid, expired or reused refresh token"}})
async def refresh(data: RefreshRequest, request: Request, session: SessionDep) -> TokenPair:
    return await service.refresh(session, data.refresh_token, client_ip(request))


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT,
             summary="Revoke a refresh token and every token rotated from the same login")
async def logout(data: RefreshRequest, session: SessionDep) -> Response:
    await service.logout(session, data.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=MeRead, tags=["me"],
            summary="The caller, their organizations and workspaces, with roles")
@driver_only
async def me(principal: CurrentPrincipal, db: DriverDep) -> Response:
    return json_response(await build_me(db, principal))


@router.patch("/me", response_model=UserRead, tags=["me"], summary="Update your profile")
async def patch_me(data: UserUpdate, principal: UserPrincipal, session: SessionDep) -> UserRead:
    return UserRead.model_validate(await update_me(session, principal, data))
