"""Alert rules through the API: validation per kind, the Slack secret, tenancy and roles."""

import uuid
from typing import Any

import asyncpg
import pytest
from httpx import AsyncClient

from app.core.crypto import decrypt
from tests.alerts.conftest import Agency
from tests.alerts.factories import create_rule, insert_watch
from tests.factories import create_workspace, invite_and_accept, signup

SLACK = "https://hooks.slack.com/services/T0AAA/B0BBB/secretToken123"


def _rules(agency: Agency) -> str:
    return f"/api/v1/workspaces/{agency.workspace_id}/alert-rules"


async def test_a_rule_gets_the_defaults_of_its_kind(client: AsyncClient, agency: Agency) -> None:
    rule = await create_rule(client, agency.headers, agency.workspace_id, kind="volume_spike",
                             params={"factor": 4})
    assert rule["params"] == {"window_minutes": 60, "factor": 4.0, "min_mentions": 10,
                              "baseline_days": 7}
    assert (rule["cooldown_minutes"], rule["enabled"], rule["watch_id"]) == (60, True, None)
    negative = await create_rule(client, agency.headers, agency.workspace_id,
                                 kind="negative_spike")
    assert negative["params"]["min_negative_share"] == 0.4
    reach = await create_rule(client, agency.headers, agency.workspace_id, kind="high_reach")
    assert reach["params"] == {"min_reach": 10000}


@pytest.mark.parametrize(("payload", "field"), [
    ({"kind": "volume_spike", "params": {"factor": 1.2}}, ["params", "factor"]),
    ({"kind": "volume_spike", "params": {"window_minutes": 5}}, ["params", "window_minutes"]),
    ({"kind": "volume_spike", "params": {"baseline_days": 31}}, ["params", "baseline_days"]),
    ({"kind": "negative_spike", "params": {"min_negative_share": 1.5}},
     ["params", "min_negative_share"]),
    ({"kind": "keyword", "params": {}}, ["params", "keywords"]),
    ({"kind": "keyword", "params": {"keywords": []}}, ["params", "keywords"]),
    ({"kind": "keyword", "params": {"keywords": [f"w{i}" for i in range(51)]}},
     ["params", "keywords"]),
    ({"kind": "keyword", "params": {"keywords": ["   "]}}, ["params", "keywords", 0]),
    ({"kind": "high_reach", "params": {"min_reach": 0}}, ["params", "min_reach"]),
    ({"kind": "high_reach", "params": {"min_reach": 5, "factor": 3}}, ["params", "factor"]),
    ({"kind": "sentiment"}, ["kind"]),
    ({"slack_webhook": "not a url"}, ["slack_webhook"]),
    ({"slack_webhook": "ftp://hooks.example.com/x"}, ["slack_webhook"]),
    ({"notify_emails": ["nope"]}, ["notify_emails", 0]),
    ({"notify_emails": [f"p{i}@agency.example.com" for i in range(21)]}, ["notify_emails"]),
    ({"cooldown_minutes": 0}, ["cooldown_minutes"]),
    ({"name": ""}, ["name"]),
])
async def test_invalid_rules_are_a_422_naming_the_field(client: AsyncClient, agency: Agency,
                                                        payload: dict[str, Any],
                                                        field: list[Any]) -> None:
    body = {"name": "Rule", "kind": "keyword", "params": {"keywords": ["arnaque"]}, **payload}
    response = await client.post(_rules(agency), json=body, headers=agency.headers)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["errors"][0]["loc"][1:1 + len(field)] == field, problem


async def test_the_watch_must_belong_to_the_workspace(client: AsyncClient, agency: Agency,
                                                      owner_db: asyncpg.Connection) -> None:
    other = await create_workspace(client, agency.headers, agency.org_id)
    foreign = await insert_watch(owner_db, agency.org_id, other["id"])
    own = await insert_watch(owner_db, agency.org_id, agency.workspace_id)
    for watch_id in (foreign, uuid.uuid4()):
        response = await client.post(_rules(agency), headers=agency.headers, json={
            "name": "R", "kind": "high_reach", "watch_id": str(watch_id)})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "watch_id"]
    rule = await create_rule(client, agency.headers, agency.workspace_id, watch_id=str(own))
    assert rule["watch_id"] == str(own)
    response = await client.patch(f"{_rules(agency)}/{rule['id']}", headers=agency.headers,
                                  json={"watch_id": str(foreign)})
    assert response.status_code == 422 and "watch_id" in response.json()["detail"]


async def test_the_slack_webhook_is_encrypted_and_never_returned(
        client: AsyncClient, agency: Agency, owner_db: asyncpg.Connection) -> None:
    rule = await create_rule(client, agency.headers, agency.workspace_id, slack_webhook=SLACK)
    assert rule["slack_webhook_set"] is True
    read = await client.get(f"{_rules(agency)}/{rule['id']}", headers=agency.headers)
    listed = await client.get(_rules(agency), headers=agency.headers)
    for text in (str(rule), read.text, listed.text):
        assert "secretToken123" not in text and "slack_webhook\"" not in text
    stored = await owner_db.fetchval("SELECT slack_webhook FROM alert_rules WHERE id = $1",
                                     uuid.UUID(rule["id"]))
    assert "secretToken123" not in stored and decrypt(stored) == SLACK
    removed = await client.patch(f"{_rules(agency)}/{rule['id']}", headers=agency.headers,
                                 json={"slack_webhook": None})
    assert removed.json()["slack_webhook_set"] is False
    assert await owner_db.fetchval("SELECT slack_webhook FROM alert_rules WHERE id = $1",
                                   uuid.UUID(rule["id"])) is None


async def test_patch_merges_params_and_validates_them_for_the_rules_kind(
        client: AsyncClient, agency: Agency) -> None:
    rule = await create_rule(client, agency.headers, agency.workspace_id, kind="volume_spike",
                             notify_emails=["CM@agency.example.com", "cm@agency.example.com"])
    assert rule["notify_emails"] == ["CM@agency.example.com"]
    url = f"{_rules(agency)}/{rule['id']}"
    response = await client.patch(url, headers=agency.headers,
                                  json={"params": {"factor": 5}, "name": None, "enabled": False})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["params"]["factor"] == 5 and body["params"]["window_minutes"] == 60
    assert (body["name"], body["enabled"]) == (rule["name"], False)
    bad = await client.patch(url, headers=agency.headers, json={"params": {"keywords": ["x"]}})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "params", "keywords"]
    bad = await client.patch(url, headers=agency.headers, json={"params": {"factor": 1}})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("params.factor")


async def test_rules_are_listed_read_and_deleted(client: AsyncClient, agency: Agency) -> None:
    first = await create_rule(client, agency.headers, agency.workspace_id, name="First")
    second = await create_rule(client, agency.headers, agency.workspace_id, name="Second")
    page = await client.get(_rules(agency), params={"limit": 1}, headers=agency.headers)
    assert [r["id"] for r in page.json()["items"]] == [second["id"]]
    rest = await client.get(_rules(agency), params={"cursor": page.json()["next_cursor"]},
                            headers=agency.headers)
    assert [r["id"] for r in rest.json()["items"]] == [first["id"]]
    url = f"{_rules(agency)}/{first['id']}"
    assert (await client.delete(url, headers=agency.headers)).status_code == 204
    assert (await client.get(url, headers=agency.headers)).status_code == 404
    assert (await client.delete(url, headers=agency.headers)).status_code == 404


async def test_another_organizations_rules_and_alerts_are_404(client: AsyncClient,
                                                              agency: Agency) -> None:
    rule = await create_rule(client, agency.headers, agency.workspace_id)
    intruder = await signup(client, organization_name="Rival Agency")
    own_ws = await create_workspace(client, intruder["headers"], intruder["org_id"])
    h = intruder["headers"]
    base = f"/api/v1/workspaces/{agency.workspace_id}"
    for method, url in [("GET", f"{base}/alert-rules"), ("GET", f"{base}/alerts"),
                        ("GET", f"{base}/alert-rules/{rule['id']}"),
                        ("DELETE", f"{base}/alert-rules/{rule['id']}"),
                        ("GET", f"/api/v1/workspaces/{own_ws['id']}/alert-rules/{rule['id']}"),
                        ("PATCH", f"/api/v1/workspaces/{own_ws['id']}/alert-rules/{rule['id']}"),
                        ("POST", f"{base}/alerts/{uuid.uuid4()}/acknowledge")]:
        response = await client.request(method, url, headers=h,
                                        json={"name": "x"} if method == "PATCH" else None)
        assert response.status_code == 404, (method, url, response.text)
    still = await client.get(f"{base}/alert-rules/{rule['id']}", headers=agency.headers)
    assert still.status_code == 200


@pytest.mark.parametrize("role", ["client_viewer", "client_approver"])
async def test_clients_cannot_see_or_set_alerts(client: AsyncClient, agency: Agency,
                                                role: str) -> None:
    guest = await invite_and_accept(client, agency.headers, agency.org_id,
                                    workspace_id=agency.workspace_id, workspace_role=role)
    base = f"/api/v1/workspaces/{agency.workspace_id}"
    assert (await client.get(base, headers=guest["headers"])).status_code == 200
    for method, url, body in [("GET", f"{base}/alert-rules", None),
                              ("POST", f"{base}/alert-rules", {"name": "x", "kind": "keyword",
                                                               "params": {"keywords": ["a"]}}),
                              ("GET", f"{base}/alerts", None)]:
        response = await client.request(method, url, headers=guest["headers"], json=body)
        assert response.status_code == 403, (url, response.text)
