"""Invitations: an email with a signed, expiring, single-use link to join an organization
(agency staff) or a workspace (clients). Accepting creates the account if needed."""

import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth import repository as auth_repo
from app.auth import service as auth_service
from app.auth.principal import Principal
from app.core import security
from app.core.config import get_settings
from app.core.db import TenantScope, apply_tenant_scope, widen_tenant_scope
from app.core.errors import Conflict, Invalid, NotFound, Unauthorized
from app.mail.service import queue_mail
from app.tenancy.models import (
    Invitation,
    Organization,
    OrganizationMembership,
    Workspace,
    WorkspaceMembership,
)
from app.tenancy.repository import (
    InvitationRepository,
    OrgMembershipRepository,
    WorkspaceRepository,
    get_invitation_by_id,
)
from app.tenancy.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationCreate,
    InvitationPreview,
)

AUDIENCE = "vigie-invitation"
LIFETIME = timedelta(days=7)
INVALID = "This invitation link is invalid, expired or already used"


def invitation_token(invitation: Invitation) -> str:
    return security.encode_token(str(invitation.id), audience=AUDIENCE, lifetime=LIFETIME,
                                 claims={"org": str(invitation.organization_id)})


async def create_invitation(session: AsyncSession, principal: Principal,
                            organization_id: uuid.UUID, data: InvitationCreate) -> Invitation:
    workspace = None
    if data.workspace_id:
        workspace = await WorkspaceRepository(session, principal).get(data.workspace_id)
        if workspace.organization_id != organization_id:
            raise NotFound("Workspace not found")
    user = await auth_repo.get_user_by_email(session, data.email)
    if user and data.org_role and await OrgMembershipRepository(session, principal).for_user(
            organization_id, user.id):
        raise Conflict("This person is already a member of the organization",
                       code="already_member")
    invitation = InvitationRepository(session, principal).add(Invitation(
        organization_id=organization_id, workspace_id=data.workspace_id, email=data.email,
        org_role=data.org_role, workspace_role=data.workspace_role, invited_by=principal.user_id,
        expires_at=datetime.now(UTC) + LIFETIME))
    await session.flush()
    org = await session.get(Organization, organization_id)
    await queue_mail(session, to=data.email, template="invitation",
                     locale=user.locale if user else (workspace.locale if workspace else "en"),
                     context={
                         "inviter_name": principal.email,
                         "organization_name": org.name if org else "",
                         "workspace_name": workspace.name if workspace else None,
                         "role": data.workspace_role or data.org_role,
                         "accept_url": f"{get_settings().app_url}/invitations/accept?token="
                                       f"{invitation_token(invitation)}",
                         "expires_at": invitation.expires_at,
                     })
    await audit.record(session, "invitation.created", organization_id=organization_id,
                       actor=principal, target_type="invitation", target_id=invitation.id,
                       details={"email": data.email, "org_role": data.org_role,
                                "workspace_role": data.workspace_role})
    return invitation


async def revoke_invitation(session: AsyncSession, principal: Principal,
                            organization_id: uuid.UUID, invitation_id: uuid.UUID) -> None:
    invitation = await InvitationRepository(session, principal).in_org(organization_id,
                                                                       invitation_id)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = datetime.now(UTC)
        await audit.record(session, "invitation.revoked", organization_id=organization_id,
                           actor=principal, target_type="invitation", target_id=invitation.id)
    await session.flush()


async def _open_invitation(session: AsyncSession, token: str) -> Invitation:
    """The token proves access to its organization: widen the scope to read the row."""
    try:
        claims = security.decode_token(token, audience=AUDIENCE)
        invitation_id, org_id = uuid.UUID(claims["sub"]), uuid.UUID(claims["org"])
    except (security.InvalidToken, KeyError, ValueError):
        raise Invalid(INVALID, code="invalid_token") from None
    await apply_tenant_scope(session, TenantScope(organization_ids={org_id}))
    try:
        invitation = await get_invitation_by_id(session, invitation_id)
    except NotFound:
        raise Invalid(INVALID, code="invalid_token") from None
    if invitation.accepted_at or invitation.revoked_at or \
            invitation.expires_at <= datetime.now(UTC):
        raise Invalid(INVALID, code="invalid_token")
    return invitation


async def preview(session: AsyncSession, token: str) -> InvitationPreview:
    invitation = await _open_invitation(session, token)
    org = await session.get(Organization, invitation.organization_id)
    workspace = await session.get(Workspace, invitation.workspace_id) \
        if invitation.workspace_id else None
    return InvitationPreview(
        email=invitation.email, organization_name=org.name if org else "",
        workspace_name=workspace.name if workspace else None, org_role=invitation.org_role,
        workspace_role=invitation.workspace_role, expires_at=invitation.expires_at,
        account_exists=await auth_repo.get_user_by_email(session, invitation.email) is not None)


async def _invitee(session: AsyncSession, invitation: Invitation, data: InvitationAccept,
                   caller: Principal | None):  # type: ignore[no-untyped-def]
    user = await auth_repo.get_user_by_email(session, invitation.email)
    if user is None:
        if not data.password or not data.full_name:
            raise Invalid("full_name and password are needed to create your account",
                          code="account_details_required")
        return await auth_service.create_user(
            session, email=invitation.email, password=data.password, full_name=data.full_name,
            locale=data.locale or "en", verified=True)  # the link reached this mailbox
    if caller and caller.user_id == user.id:
        return user
    if data.password and security.verify_password(user.password_hash, data.password):
        return user
    raise Unauthorized("Log in as the invited account, or give its password")


async def accept(session: AsyncSession, data: InvitationAccept, caller: Principal | None
                 ) -> InvitationAccepted:
    invitation = await _open_invitation(session, data.token)
    user = await _invitee(session, invitation, data, caller)
    org_id = invitation.organization_id
    await widen_tenant_scope(session, organization_id=org_id, workspace_id=invitation.workspace_id)
    if invitation.org_role and not await _has_membership(
            session, OrganizationMembership.organization_id == org_id,
            OrganizationMembership.user_id == user.id):
        session.add(OrganizationMembership(organization_id=org_id, user_id=user.id,
                                           role=invitation.org_role))
    if invitation.workspace_id and invitation.workspace_role and not await _has_membership(
            session, WorkspaceMembership.workspace_id == invitation.workspace_id,
            WorkspaceMembership.user_id == user.id):
        session.add(WorkspaceMembership(organization_id=org_id,
                                        workspace_id=invitation.workspace_id,
                                        user_id=user.id, role=invitation.workspace_role))
    invitation.accepted_at = datetime.now(UTC)
    await audit.record(session, "invitation.accepted", organization_id=org_id,
                       actor_user_id=user.id, target_type="invitation", target_id=invitation.id,
                       details={"org_role": invitation.org_role,
                                "workspace_role": invitation.workspace_role})
    await session.flush()
    tokens = await auth_service.issue_tokens(session, user.id)
    return InvitationAccepted(**tokens.model_dump(), organization_id=org_id,
                              workspace_id=invitation.workspace_id)


async def _has_membership(session: AsyncSession, *where: sa.ColumnElement[bool]) -> bool:
    # The scope was just widened to this organization; RLS still guards the read.
    return bool(await session.scalar(sa.select(sa.exists().where(*where))))
