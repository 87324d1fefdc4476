import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.auth.dependencies import oauth2_scheme, principal_from_token
from app.auth.principal import Principal
from app.auth.repository import get_user
from app.core.deps import DriverDep, PageDep, SessionDep, driver_only
from app.core.pagination import Page
from app.tenancy import invitations, service
from app.tenancy.dependencies import (
    MembersRead,
    OrgDelete,
    OrgRead,
    OrgWrite,
    PeopleManage,
    WorkspacesCreate,
    WorkspacesRead,
    WorkspacesWrite,
)
from app.tenancy.models import Invitation
from app.tenancy.repository import (
    InvitationRepository,
    OrganizationRepository,
    OrgMembershipRepository,
    WorkspaceMembershipRepository,
    WorkspaceRepository,
)
from app.tenancy.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationCreate,
    InvitationPreview,
    InvitationRead,
    MemberRead,
    OrganizationRead,
    OrganizationUpdate,
    OrgMemberUpdate,
    PersonRead,
    WorkspaceCreate,
    WorkspaceMemberCreate,
    WorkspaceMemberUpdate,
    WorkspaceRead,
    WorkspaceUpdate,
)

orgs = APIRouter(prefix="/organizations/{organization_id}", tags=["organizations"])
workspaces = APIRouter(prefix="/workspaces/{workspace_id}", tags=["workspaces"])
public = APIRouter(tags=["invitations"])
NO_CONTENT = Response(status_code=status.HTTP_204_NO_CONTENT)


def _member(membership, user) -> MemberRead:  # type: ignore[no-untyped-def]
    return MemberRead(id=membership.id, user_id=user.id, email=user.email,
                      full_name=user.full_name, role=membership.role,
                      created_at=membership.created_at)


@orgs.get("", response_model=OrganizationRead, summary="An organization you belong to")
async def get_organization(access: OrgRead, session: SessionDep) -> OrganizationRead:
    org = await OrganizationRepository(session, access.principal).get(access.organization_id)
    return OrganizationRead.model_validate(org)


@orgs.patch("", response_model=OrganizationRead, summary="Rename the organization")
async def update_organization(data: OrganizationUpdate, access: OrgWrite,
                              session: SessionDep) -> OrganizationRead:
    org = await service.update_organization(session, access.principal, access.organization_id,
                                            data)
    return OrganizationRead.model_validate(org)


@orgs.delete("", status_code=204, summary="Delete the organization and all its data (owner)")
async def delete_organization(access: OrgDelete, session: SessionDep) -> Response:
    await service.delete_organization(session, access.principal, access.organization_id)
    return NO_CONTENT


@orgs.get("/members", response_model=Page[MemberRead], summary="Organization members")
async def list_members(access: OrgRead, session: SessionDep, page: PageDep) -> Page[MemberRead]:
    rows, cursor = await OrgMembershipRepository(session, access.principal).page_with_users(
        access.organization_id, page)
    return Page(items=[_member(m, u) for m, u in rows], next_cursor=cursor)


@orgs.patch("/members/{membership_id}", response_model=MemberRead,
            summary="Change a member's organization role")
async def update_member(membership_id: uuid.UUID, data: OrgMemberUpdate, access: PeopleManage,
                        session: SessionDep) -> MemberRead:
    membership = await service.change_org_role(session, access.principal, access.organization_id,
                                               membership_id, data.role)
    return await _member_read(session, membership)


@orgs.delete("/members/{membership_id}", status_code=204,
             summary="Remove a member from the organization and its workspaces")
async def remove_member(membership_id: uuid.UUID, access: PeopleManage,
                        session: SessionDep) -> Response:
    await service.remove_org_member(session, access.principal, access.organization_id,
                                    membership_id)
    return NO_CONTENT


@orgs.post("/workspaces", status_code=201, response_model=WorkspaceRead,
           summary="Create a client workspace")
async def create_workspace(data: WorkspaceCreate, access: WorkspacesCreate,
                           session: SessionDep) -> WorkspaceRead:
    ws = await service.create_workspace(session, access.principal, access.organization_id, data)
    return WorkspaceRead.model_validate(ws)


@orgs.get("/workspaces", response_model=Page[WorkspaceRead],
          summary="Workspaces of the organization that you can reach")
@driver_only
async def list_workspaces(access: OrgRead, db: DriverDep, page: PageDep) -> Response:
    return await WorkspaceRepository(db, access.principal).read_page_json(
        page, WorkspaceRead, organization_id=access.organization_id)


@orgs.post("/invitations", status_code=201, response_model=InvitationRead,
           summary="Invite someone by email to the organization or to one workspace")
async def create_invitation(data: InvitationCreate, access: PeopleManage,
                            session: SessionDep) -> InvitationRead:
    inv = await invitations.create_invitation(session, access.principal, access.organization_id,
                                              data)
    return InvitationRead.model_validate(inv)


@orgs.get("/invitations", response_model=Page[InvitationRead], summary="Invitations sent")
async def list_invitations(access: PeopleManage, session: SessionDep,
                           page: PageDep) -> Page[InvitationRead]:
    rows, cursor = await InvitationRepository(session, access.principal).page(
        page, Invitation.organization_id == access.organization_id)
    return Page(items=[InvitationRead.model_validate(i) for i in rows], next_cursor=cursor)


@orgs.delete("/invitations/{invitation_id}", status_code=204,
             summary="Revoke an invitation that has not been accepted")
async def revoke_invitation(invitation_id: uuid.UUID, access: PeopleManage,
                            session: SessionDep) -> Response:
    await invitations.revoke_invitation(session, access.principal, access.organization_id,
                                        invitation_id)
    return NO_CONTENT


@workspaces.get("", response_model=WorkspaceRead, summary="A workspace")
async def get_workspace(access: WorkspacesRead) -> WorkspaceRead:
    return WorkspaceRead.model_validate(access.workspace)


@workspaces.patch("", response_model=WorkspaceRead, summary="Update a workspace's settings")
async def update_workspace(data: WorkspaceUpdate, access: WorkspacesWrite,
                           session: SessionDep) -> WorkspaceRead:
    ws = await service.update_workspace(session, access.principal, access.workspace, data)
    return WorkspaceRead.model_validate(ws)


@workspaces.delete("", status_code=204, summary="Delete a workspace and all its data")
async def delete_workspace(access: WorkspacesWrite, session: SessionDep) -> Response:
    await service.delete_workspace(session, access.principal, access.workspace)
    return NO_CONTENT


@workspaces.get("/members", response_model=Page[MemberRead], summary="Workspace members")
async def list_workspace_members(access: MembersRead, session: SessionDep,
                                 page: PageDep) -> Page[MemberRead]:
    rows, cursor = await WorkspaceMembershipRepository(session, access.principal) \
        .page_with_users(access.workspace.id, page)
    return Page(items=[_member(m, u) for m, u in rows], next_cursor=cursor)


@workspaces.get("/people", response_model=Page[PersonRead],
                summary="Everyone who works in this workspace: members, and the organization's "
                        "owners and admins (one page: a workspace has a handful)")
async def list_workspace_people(access: MembersRead, session: SessionDep) -> Page[PersonRead]:
    people = await WorkspaceMembershipRepository(session, access.principal).people(
        access.workspace.id, access.workspace.organization_id)
    return Page(items=[PersonRead(user_id=user.id, email=user.email, full_name=user.full_name,
                                  role=role) for user, role in people], next_cursor=None)


@workspaces.post("/members", status_code=201, response_model=MemberRead,
                 summary="Assign someone from the organization to this workspace")
async def add_workspace_member(data: WorkspaceMemberCreate, access: MembersRead,
                               session: SessionDep) -> MemberRead:
    membership = await service.add_workspace_member(session, access.principal, access.workspace,
                                                    data.user_id, data.role)
    return await _member_read(session, membership)


@workspaces.patch("/members/{membership_id}", response_model=MemberRead,
                  summary="Change a workspace member's role")
async def update_workspace_member(membership_id: uuid.UUID, data: WorkspaceMemberUpdate,
                                  access: MembersRead, session: SessionDep
                                  ) -> MemberRead:
    membership = await service.change_workspace_role(session, access.principal, access.workspace,
                                                     membership_id, data.role)
    return await _member_read(session, membership)


@workspaces.delete("/members/{membership_id}", status_code=204,
                   summary="Remove someone from this workspace")
async def remove_workspace_member(membership_id: uuid.UUID, access: MembersRead,
                                  session: SessionDep) -> Response:
    await service.remove_workspace_member(session, access.principal, access.workspace,
                                          membership_id)
    return NO_CONTENT


async def _member_read(session: SessionDep, membership) -> MemberRead:  # type: ignore[no-untyped-def]
    user = await get_user(session, membership.user_id)
    return _member(membership, user)


async def _optional_principal(session: SessionDep,
                              token: Annotated[str | None, Depends(oauth2_scheme)]
                              ) -> Principal | None:
    return await principal_from_token(session, token) if token else None


@public.get("/invitations/preview", response_model=InvitationPreview,
            summary="What an invitation link offers, before accepting it")
async def preview_invitation(token: Annotated[str, Query(min_length=1, max_length=2048)],
                             session: SessionDep) -> InvitationPreview:
    return await invitations.preview(session, token)


@public.post("/invitations/accept", response_model=InvitationAccepted,
             summary="Accept an invitation; creates the account if needed")
async def accept_invitation(
    data: InvitationAccept, session: SessionDep,
    caller: Annotated[Principal | None, Depends(_optional_principal)],
) -> InvitationAccepted:
    return await invitations.accept(session, data, caller)


router = APIRouter()
router.include_router(orgs)
router.include_router(workspaces)
router.include_router(public)
