"""Who works in a workspace: the assignee picker and note authors of the SPA read this."""

from httpx import AsyncClient

from tests.factories import create_workspace, invite_and_accept, signup


async def test_people_are_members_plus_the_organizations_owners_and_admins(client: AsyncClient):
    owner = await signup(client)
    org = owner["org_id"]
    workspace = await create_workspace(client, owner["headers"], org)
    other = await create_workspace(client, owner["headers"], org)
    ws = workspace["id"]
    admin = await invite_and_accept(client, owner["headers"], org, "admin@agency.example.com",
                                    org_role="admin")
    member = await invite_and_accept(client, owner["headers"], org, "cm@agency.example.com",
                                     org_role="member", workspace_id=ws, workspace_role="member")
    await invite_and_accept(client, owner["headers"], org, "viewer@client.example.com",
                            workspace_id=ws, workspace_role="client_viewer")
    await invite_and_accept(client, owner["headers"], org, "elsewhere@agency.example.com",
                            org_role="member", workspace_id=other["id"], workspace_role="member")

    response = await client.get(f"/api/v1/workspaces/{ws}/people", headers=member["headers"])
    assert response.status_code == 200, response.text
    people = {p["email"]: p["role"] for p in response.json()["items"]}
    assert people == {owner["email"]: "manager", "admin@agency.example.com": "manager",
                      "cm@agency.example.com": "member",
                      "viewer@client.example.com": "client_viewer"}
    assert (await client.get(f"/api/v1/workspaces/{ws}/people",
                             headers=admin["headers"])).json() == response.json()


async def test_clients_and_other_tenants_do_not_see_who_works_there(client: AsyncClient):
    owner = await signup(client)
    ws = (await create_workspace(client, owner["headers"], owner["org_id"]))["id"]
    viewer = await invite_and_accept(client, owner["headers"], owner["org_id"],
                                     workspace_id=ws, workspace_role="client_viewer")
    stranger = await signup(client)
    assert (await client.get(f"/api/v1/workspaces/{ws}/people",
                             headers=viewer["headers"])).status_code == 403
    assert (await client.get(f"/api/v1/workspaces/{ws}/people",
                             headers=stranger["headers"])).status_code == 404
