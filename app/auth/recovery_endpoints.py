"""Password reset and email verification (routes under /auth, tag "auth")."""

from typing import Annotated

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, EmailStr, Field

from app.auth import recovery
from app.auth.dependencies import UserPrincipal
from app.auth.schemas import Password
from app.core.deps import SessionDep
from app.core.ratelimit import LoginRateLimit

router = APIRouter(tags=["auth"])

Token = Annotated[str, Field(min_length=1, max_length=2048, description="The token of the "
                                                                         "emailed link")]
INVALID_TOKEN = {400: {"description": "The token is invalid, expired or already used "
                                      "(code `invalid_token`)"}}


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordResetConfirm(BaseModel):
    token: Token
    new_password: Password


class EmailVerificationConfirm(BaseModel):
    token: Token


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED,
             response_class=Response, dependencies=[LoginRateLimit],
             summary="Email a password reset link (answered the same whether the account "
                     "exists or not)")
async def request_password_reset(data: PasswordResetRequest, session: SessionDep) -> Response:
    await recovery.request_password_reset(session, data.email)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT,
             response_class=Response, dependencies=[LoginRateLimit], responses=INVALID_TOKEN,
             summary="Set a new password from a reset link; ends every open session")
async def confirm_password_reset(data: PasswordResetConfirm, request: Request,
                                 session: SessionDep) -> Response:
    await recovery.confirm_password_reset(session, data.token, data.new_password, _ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/email-verification", status_code=status.HTTP_202_ACCEPTED,
             response_class=Response,
             responses={409: {"description": "The address is already verified "
                                             "(code `email_already_verified`)"}},
             summary="Email a new verification link to the caller's address")
async def request_email_verification(principal: UserPrincipal, session: SessionDep) -> Response:
    await recovery.request_email_verification(session, principal.user_id)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post("/auth/email-verification/confirm", status_code=status.HTTP_204_NO_CONTENT,
             response_class=Response, dependencies=[LoginRateLimit], responses=INVALID_TOKEN,
             summary="Confirm the email address from a verification link")
async def confirm_email_verification(data: EmailVerificationConfirm, request: Request,
                                     session: SessionDep) -> Response:
    await recovery.confirm_email_verification(session, data.token, _ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
