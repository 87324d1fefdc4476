"""The founding story: an agency signs up, creates a client workspace, invites its people."""

from httpx import AsyncClient

from tests.factories import create_workspace, invite_and_accept, login, signup


async def test_client_approver_sees_only_their_workspace(client: AsyncClient) -> None:
    owner = await signup(client)
    ws_a = await create_workspace(client, owner["headers"], owner["org_id"], name="Café Soleil")
    ws_b = await create_workspace(client, owner["headers"], owner["org_id"], name="Boulangerie")

    approver = await invite_and_accept(client, owner["headers"], owner["org_id"],
                                       workspace_id=ws_a["id"], workspace_role="client_approver")
    assert approver["workspace_id"] == ws_a["id"]
    session = await login(client, approver["email"], approver["password"])

    me = (await client.get("/api/v1/me", headers=session["headers"])).json()
    assert [w["id"] for w in me["workspaces"]] == [ws_a["id"]]
    assert me["workspaces"][0]["role"] == "client_approver"
    assert "posts:approve" in me["workspaces"][0]["permissions"]
    assert "watches:write" not in me["workspaces"][0]["permissions"]
    assert all(o["role"] is None for o in me["organizations"])

    own = await client.get(f"/api/v1/workspaces/{ws_a['id']}", headers=session["headers"])
    assert own.status_code == 200
    other = await client.get(f"/api/v1/workspaces/{ws_b['id']}", headers=session["headers"])
    assert other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"
    # A client is not agency staff: the organization itself is out of reach.
    org = await client.get(f"/api/v1/organizations/{owner['org_id']}", headers=session["headers"])
    assert org.status_code == 404
    # and may not change the workspace's settings.
    patch = await client.patch(f"/api/v1/workspaces/{ws_a['id']}", json={"name": "Hacked"},
                               headers=session["headers"])
    assert patch.status_code == 403


async def test_member_sees_only_assigned_workspaces(client: AsyncClient) -> None:
    owner = await signup(client)
    ws_a = await create_workspace(client, owner["headers"], owner["org_id"])
    ws_b = await create_workspace(client, owner["headers"], owner["org_id"])
    member = await invite_and_accept(client, owner["headers"], owner["org_id"],
                                     org_role="member", workspace_id=ws_a["id"],
                                     workspace_role="member")

    listed = await client.get(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                              headers=member["headers"])
    assert listed.status_code == 200
    assert [w["id"] for w in listed.json()["items"]] == [ws_a["id"]]
    assert (await client.get(f"/api/v1/workspaces/{ws_b['id']}",
                             headers=member["headers"])).status_code == 404
    ok = await client.patch(f"/api/v1/workspaces/{ws_a['id']}", json={"brand_name": "Solei"},
                            headers=member["headers"])
    assert ok.status_code == 200 and ok.json()["brand_name"] == "Solei"
    # Members do not manage people or create workspaces.
    denied = await client.post(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                               json={"name": "Nope"}, headers=member["headers"])
    assert denied.status_code == 403
    owner_view = await client.get(f"/api/v1/organizations/{owner['org_id']}/workspaces",
                                  headers=owner["headers"])
    assert {w["id"] for w in owner_view.json()["items"]} == {ws_a["id"], ws_b["id"]}


async def test_client_viewer_reads_but_cannot_approve(client: AsyncClient) -> None:
    owner = await signup(client)
    ws = await create_workspace(client, owner["headers"], owner["org_id"])
    viewer = await invite_and_accept(client, owner["headers"], owner["org_id"],
                                     workspace_id=ws["id"], workspace_role="client_viewer")
    me = (await client.get("/api/v1/me", headers=viewer["headers"])).json()
    perms = me["workspaces"][0]["permissions"]
    assert "reports:read" in perms and "posts:approve" not in perms


async def test_invitation_link_is_single_use(client: AsyncClient) -> None:
    from tests.factories import invite, last_mail, token_from

    owner = await signup(client)
    await invite(client, owner["headers"], owner["org_id"], "pat@agency.example.com",
                 org_role="admin")
    token = token_from((await last_mail("pat@agency.example.com"))["body_text"])
    preview = await client.get("/api/v1/invitations/preview", params={"token": token})
    assert preview.status_code == 200
    assert preview.json()["account_exists"] is False
    payload = {"token": token, "full_name": "Pat", "password": "a long enough password"}
    assert (await client.post("/api/v1/invitations/accept", json=payload)).status_code == 200
    again = await client.post("/api/v1/invitations/accept", json=payload)
    assert again.status_code == 422
    assert again.json()["code"] == "invalid_token"


async def test_last_owner_cannot_be_demoted(client: AsyncClient) -> None:
    owner = await signup(client)
    members = (await client.get(f"/api/v1/organizations/{owner['org_id']}/members",
                                headers=owner["headers"])).json()["items"]
    response = await client.patch(
        f"/api/v1/organizations/{owner['org_id']}/members/{members[0]['id']}",
        json={"role": "admin"}, headers=owner["headers"])
    assert response.status_code == 409
    assert response.json()["code"] == "last_owner"
