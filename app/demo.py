"""`vigie seed-demo`: a demo agency with a client workspace and a client approver.

Goes through the same services as the API, so the demo data obeys the same rules. Running it
twice finds the existing demo instead of failing. Later capabilities add their demo data here.
"""

import secrets

from app.auth import repository as auth_repo
from app.auth import service as auth_service
from app.auth.repository import load_principal
from app.auth.schemas import SignupRequest
from app.core.db import tenant_session, widen_tenant_scope
from app.tenancy import service as tenancy_service
from app.tenancy.models import Workspace, WorkspaceMembership, WorkspaceRole
from app.tenancy.schemas import WorkspaceCreate

OWNER_EMAIL = "owner@demo.example.com"
CLIENT_EMAIL = "client@demo.example.com"
ORGANIZATION = "Agence Démo"
WORKSPACE = "Café Soleil"


async def seed_demo() -> dict[str, str]:
    async with tenant_session() as session:
        if await auth_repo.get_user_by_email(session, OWNER_EMAIL):
            return {"owner_email": OWNER_EMAIL, "owner_password": "(unchanged: seeded before)",
                    "client_email": CLIENT_EMAIL, "client_password": "(unchanged)",
                    "organization": ORGANIZATION, "workspace": WORKSPACE}
    owner_password = secrets.token_urlsafe(12)
    client_password = secrets.token_urlsafe(12)
    async with tenant_session() as session:
        owner, org, _ = await auth_service.signup(session, SignupRequest(
            email=OWNER_EMAIL, password=owner_password, full_name="Olivia Demo",
            organization_name=ORGANIZATION, locale="fr"), ip=None)
        await widen_tenant_scope(session, organization_id=org.id, admin=True)
        principal = await load_principal(session, owner.id)
        assert principal is not None
        workspace: Workspace = await tenancy_service.create_workspace(
            session, principal, org.id, WorkspaceCreate(
                name=WORKSPACE, brand_name="Café Soleil", timezone="Europe/Paris", locale="fr",
                keywords=["café soleil", "cafesoleil"], competitors=["Café Lune"]))
        client = await auth_service.create_user(
            session, email=CLIENT_EMAIL, password=client_password, full_name="Claire Cliente",
            locale="fr", verified=True)
        session.add(WorkspaceMembership(organization_id=org.id, workspace_id=workspace.id,
                                        user_id=client.id, role=WorkspaceRole.client_approver))
    return {"owner_email": OWNER_EMAIL, "owner_password": owner_password,
            "client_email": CLIENT_EMAIL, "client_password": client_password,
            "organization": ORGANIZATION, "workspace": WORKSPACE}

