"""`vigie seed-demo`: a demo agency with a client workspace and a client approver.

Goes through the same services as the API, so the demo data obeys the same rules. Running it
twice finds the existing demo instead of failing. Later capabilities add their demo data here.
"""

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts import service as alerts
from app.alerts.models import AlertKind
from app.alerts.schemas import AlertRuleCreate
from app.auth import repository as auth_repo
from app.auth import service as auth_service
from app.auth.principal import Principal
from app.auth.schemas import SignupRequest
from app.core.config import get_settings
from app.core.db import tenant_session
from app.listening import watches
from app.listening.models import WatchKind
from app.listening.watch_schemas import SourceSpec, WatchCreate
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
        await session.flush()
        principal = await auth_repo.authenticate(session, user_id=owner.id)
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
        await _listening(session, principal, workspace)
    return {"owner_email": OWNER_EMAIL, "owner_password": owner_password,
            "client_email": CLIENT_EMAIL, "client_password": client_password,
            "organization": ORGANIZATION, "workspace": WORKSPACE}



async def _listening(session: AsyncSession, principal: Principal, workspace: Workspace) -> None:
    """Watches on the feeds Vigie bundles and serves itself (no internet needed), and the
    alert rules that catch the bad buzz those feeds start a few minutes after launch."""
    base = get_settings().public_url
    feeds = [SourceSpec(source="rss", url=f"{base}/demo/feeds/{name}.xml")
             for name in ("cafe-soleil-news", "cafe-soleil-social")]
    brand = await watches.create_watch(session, principal, workspace, WatchCreate(
        name="Café Soleil", kind=WatchKind.brand, query='"café soleil" OR cafesoleil',
        sources=feeds, interval_minutes=5))
    await watches.create_watch(session, principal, workspace, WatchCreate(
        name="Café Lune", kind=WatchKind.competitor, query='"café lune"', sources=feeds,
        interval_minutes=5))  # both collect as soon as a worker is free
    await alerts.create_rule(session, principal, workspace, AlertRuleCreate(
        name="Mots qui fâchent", kind=AlertKind.keyword,
        params={"keywords": ["arnaque", "scandale", "boycott", "scam"]},
        notify_emails=[OWNER_EMAIL], cooldown_minutes=30))
    await alerts.create_rule(session, principal, workspace, AlertRuleCreate(
        name="Bad buzz", kind=AlertKind.negative_spike, watch_id=brand.id,
        params={"window_minutes": 60, "factor": 2, "min_mentions": 3},
        notify_emails=[OWNER_EMAIL]))
