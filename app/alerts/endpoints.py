"""Alert rules and alerts of a workspace. Agency staff only: clients hold neither
`alerts:read` nor `alerts:write`, so they get a 403 in their workspace."""

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from app.alerts import service
from app.alerts.models import Alert, AlertKind, AlertRule, AlertStatus
from app.alerts.repository import AlertRepository, AlertRuleRepository, EvidenceRepository
from app.alerts.schemas import (
    AlertDetail,
    AlertRead,
    AlertRuleCreate,
    AlertRuleRead,
    AlertRuleUpdate,
    EvidenceMention,
)
from app.auth.permissions import Permission
from app.core.deps import PageDep, SessionDep
from app.core.pagination import Page
from app.listening.models import Mention
from app.tenancy.dependencies import WorkspaceAccess, require_workspace

AlertsRead = Annotated[WorkspaceAccess, require_workspace(Permission.alerts_read)]
AlertsWrite = Annotated[WorkspaceAccess, require_workspace(Permission.alerts_write)]

router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["alerts"])
EXCERPT_CHARS = 280


def _columns(row: AlertRule | Alert,
             schema: type[AlertRuleRead | AlertRead]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in schema.model_fields if hasattr(row, name)}


def _rule(rule: AlertRule) -> AlertRuleRead:
    # The webhook URL is a secret: the answer only says whether one is set.
    return AlertRuleRead(**_columns(rule, AlertRuleRead),
                         slack_webhook_set=bool(rule.slack_webhook))


def _alert(alert: Alert) -> AlertRead:
    return AlertRead(**{**_columns(alert, AlertRead), "details": alert.details.get("facts", {})},
                     evidence_count=len(alert.mention_ids),
                     slack_delivery=(alert.details.get("slack") or {}).get("status"))


def _excerpt(text: str) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def _evidence(mention: Mention) -> EvidenceMention:
    return EvidenceMention(id=mention.id, url=mention.url, title=mention.title,
                           excerpt=_excerpt(mention.text), author=mention.author,
                           sentiment=mention.sentiment_corrected or mention.sentiment_label,
                           reach=mention.reach, published_at=mention.published_at)


@router.get("/alert-rules", response_model=Page[AlertRuleRead],
            summary="Alert rules of the workspace, newest first")
async def list_alert_rules(access: AlertsRead, session: SessionDep,
                           page: PageDep) -> Page[AlertRuleRead]:
    rows, cursor = await AlertRuleRepository(session, access.principal).page(
        page, AlertRule.workspace_id == access.workspace.id)
    return Page(items=[_rule(r) for r in rows], next_cursor=cursor)


@router.post("/alert-rules", status_code=status.HTTP_201_CREATED, response_model=AlertRuleRead,
             summary="Create an alert rule (volume spike, negative spike, keyword, high reach)")
async def create_alert_rule(data: AlertRuleCreate, access: AlertsWrite,
                            session: SessionDep) -> AlertRuleRead:
    rule = await service.create_rule(session, access.principal, access.workspace, data)
    return _rule(rule)


@router.get("/alert-rules/{rule_id}", response_model=AlertRuleRead, summary="An alert rule")
async def get_alert_rule(rule_id: uuid.UUID, access: AlertsRead,
                         session: SessionDep) -> AlertRuleRead:
    rule = await AlertRuleRepository(session, access.principal).in_workspace(
        access.workspace.id, rule_id)
    return _rule(rule)


@router.patch("/alert-rules/{rule_id}", response_model=AlertRuleRead,
              summary="Change an alert rule; params are merged into the current ones")
async def update_alert_rule(rule_id: uuid.UUID, data: AlertRuleUpdate, access: AlertsWrite,
                            session: SessionDep) -> AlertRuleRead:
    rule = await AlertRuleRepository(session, access.principal).in_workspace(
        access.workspace.id, rule_id)
    return _rule(await service.update_rule(session, access.principal, rule, data))


@router.delete("/alert-rules/{rule_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete an alert rule; the alerts it raised are kept")
async def delete_alert_rule(rule_id: uuid.UUID, access: AlertsWrite,
                            session: SessionDep) -> Response:
    rule = await AlertRuleRepository(session, access.principal).in_workspace(
        access.workspace.id, rule_id)
    await service.delete_rule(session, access.principal, rule)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/alerts", response_model=Page[AlertRead], summary="Alerts, newest first")
async def list_alerts(access: AlertsRead, session: SessionDep, page: PageDep,
                      status_: Annotated[AlertStatus | None, Query(alias="status")] = None,
                      kind: AlertKind | None = None) -> Page[AlertRead]:
    rows, cursor = await AlertRepository(session, access.principal).page_in_workspace(
        access.workspace.id, page, status=status_, kind=kind)
    return Page(items=[_alert(a) for a in rows], next_cursor=cursor)


@router.get("/alerts/{alert_id}", response_model=AlertDetail,
            summary="An alert with its evidence (the mentions that raised it)")
async def get_alert(alert_id: uuid.UUID, access: AlertsRead,
                    session: SessionDep) -> AlertDetail:
    alert = await AlertRepository(session, access.principal).in_workspace(
        access.workspace.id, alert_id)
    mentions = await EvidenceRepository(session, access.principal).by_ids(
        access.workspace.id, alert.mention_ids)
    return AlertDetail(**_alert(alert).model_dump(), evidence=[_evidence(m) for m in mentions])


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertRead,
             summary="Acknowledge an alert: records who and when; acknowledging again "
                     "changes nothing")
async def acknowledge_alert(alert_id: uuid.UUID, access: AlertsWrite,
                            session: SessionDep) -> AlertRead:
    alert = await AlertRepository(session, access.principal).in_workspace(
        access.workspace.id, alert_id)
    return _alert(await service.acknowledge(session, access.principal, alert))
