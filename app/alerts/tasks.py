"""Alert tasks: evaluate a workspace's rules; send an alert's notifications.

A worker acts for the workspace's organization, like an admin of it would: the alert tables'
row-level security admits no cross-tenant "system" reader, so there is deliberately no
cross-tenant alerts sweeper. Instead:
- the listening pipeline calls `service.schedule_evaluation` for each workspace where it
  inserted mentions, and every `alerts.evaluate` also re-queues its workspace's due
  notifications (a lost notify job is sent again by the next evaluation);
- a batch held back by the cooldown is queued as a deferred `alerts.notify` for the moment
  the cooldown ends, and a failed Slack post re-queues itself with backoff,
so a quiet workspace still gets its summary, and losing Redis delays work but the rows
keep everything needed to finish it.
"""

import uuid
from datetime import timedelta
from typing import Any

from app.alerts import notify, service
from app.alerts.repository import WorkspaceAlerts
from app.core.db import TenantScope, tenant_session
from app.core.jobs import task


def _scope(organization_id: uuid.UUID) -> TenantScope:
    return TenantScope(organization_ids={organization_id},
                       admin_organization_ids={organization_id})


@task(service.EVALUATE_TASK, timeout=timedelta(minutes=2), max_tries=3)
async def evaluate(_ctx: dict[str, Any], *, organization_id: str, workspace_id: str) -> int:
    org, ws = uuid.UUID(organization_id), uuid.UUID(workspace_id)
    async with tenant_session(_scope(org)) as session:
        return await service.evaluate_workspace(session, org, ws)


# Two short transactions: the batch (emails, event, marks), then the Slack post, so that a
# Slack failure never rolls the email back.
@task(notify.NOTIFY_TASK, timeout=timedelta(minutes=1), max_tries=3)
async def notify_alert(_ctx: dict[str, Any], *, alert_id: str, organization_id: str,
                       workspace_id: str) -> dict[str, Any]:
    org, ws, alert = uuid.UUID(organization_id), uuid.UUID(workspace_id), uuid.UUID(alert_id)
    async with tenant_session(_scope(org)) as session:
        sent = await notify.send_due(session, WorkspaceAlerts(session, org, ws), alert)
    async with tenant_session(_scope(org)) as session:
        slack = await notify.deliver_slack(session, WorkspaceAlerts(session, org, ws), alert)
    return {"batch_sent": sent, "slack": slack}
