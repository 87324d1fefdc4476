"""Hot endpoints write their JSON without models: the bytes must be the models' own."""

from httpx import AsyncClient

from app.auth.schemas import MeRead
from app.core.pagination import Page
from app.tenancy.schemas import WorkspaceRead
from tests.api_keys.test_api_keys import create_key
from tests.factories import bearer, create_workspace, invite_and_accept, signup


def _as_the_model_writes_it(model: type, response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    # Validates the body against the schema, then writes it again the pydantic way.
    assert model.model_validate_json(response.content).model_dump_json().encode() \
        == response.content


async def test_me_and_the_workspace_list_are_written_as_their_models(
        client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    spaces = [await create_workspace(client, owner["headers"], org) for _ in range(3)]
    member = await invite_and_accept(client, owner["headers"], org, org_role="member",
                                     workspace_id=spaces[1]["id"], workspace_role="member")
    key = (await create_key(client, owner["headers"], org,
                            ["organization:read", "workspaces:read"],
                            workspace_ids=[spaces[0]["id"]]))["key"]
    for headers in (owner["headers"], member["headers"], bearer(key)):
        me = await client.get("/api/v1/me", headers=headers)
        _as_the_model_writes_it(MeRead, me)
        assert me.json()["organizations"][0]["id"] == org
        for query in ("", "?limit=1"):
            page = await client.get(f"/api/v1/organizations/{org}/workspaces{query}",
                                    headers=headers)
            _as_the_model_writes_it(Page[WorkspaceRead], page)
    listed = (await client.get(f"/api/v1/organizations/{org}/workspaces",
                               headers=owner["headers"])).json()
    assert [w["id"] for w in listed["items"]] == [s["id"] for s in reversed(spaces)]
