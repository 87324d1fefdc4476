"""read_page_json(), the hot path of list endpoints, answers what page() answers."""

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from httpx import AsyncClient

from app.api_keys.service import parse_key
from app.auth.repository import authenticate
from app.core.db import DriverQuery, driver_connection, get_database
from app.core.pagination import Page, PageParams, decode_cursor
from app.core.security import hash_opaque_token
from app.tenancy.models import Workspace
from app.tenancy.repository import WorkspaceRepository
from app.tenancy.schemas import WorkspaceRead
from tests.api_keys.test_api_keys import create_key
from tests.factories import create_workspace, invite_and_accept, signup


async def _pages(credential: dict[str, Any], org: uuid.UUID, limit: int
                 ) -> tuple[list[list[uuid.UUID]], list[list[uuid.UUID]]]:
    """Every page, by page() and by read_page_json(), following the cursors."""
    async with get_database().sessionmaker() as session:
        principal = await authenticate(session, **credential)
        assert principal is not None
        repo = WorkspaceRepository(session, principal)
        results: tuple[list[list[uuid.UUID]], list[list[uuid.UUID]]] = ([], [])
        for pages, read in zip(results, (False, True), strict=True):
            cursor: str | None = None
            while True:
                params = PageParams(limit, decode_cursor(cursor) if cursor else None)
                if read:
                    response = await repo.read_page_json(params, WorkspaceRead,
                                                         organization_id=org)
                    page = Page[WorkspaceRead].model_validate_json(bytes(response.body))
                    items, cursor = page.items, page.next_cursor
                else:
                    items, cursor = await repo.page(params, Workspace.organization_id == org)
                pages.append([i.id for i in items])
                if cursor is None:
                    break
        await session.rollback()
    return results


async def test_read_page_matches_page(client: AsyncClient) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    spaces = [await create_workspace(client, owner["headers"], org) for _ in range(5)]
    member = await invite_and_accept(client, owner["headers"], org, org_role="member",
                                     workspace_id=spaces[1]["id"], workspace_role="member")
    key = (await create_key(client, owner["headers"], org, ["workspaces:read"],
                            workspace_ids=[spaces[0]["id"], spaces[3]["id"]]))["key"]
    member_id = (await client.get("/api/v1/me", headers=member["headers"])).json()["user"]["id"]

    credentials = {
        "owner": {"user_id": uuid.UUID(owner["user"]["id"])},
        "member": {"user_id": uuid.UUID(member_id)},
        "key": {"key_organization_id": parse_key(key), "key_hash": hash_opaque_token(key)},
    }
    expected = {"owner": 5, "member": 1, "key": 2}
    for who, credential in credentials.items():
        by_orm, by_driver = await _pages(credential, uuid.UUID(org), limit=2)
        assert by_driver == by_orm, who
        assert sum(map(len, by_driver)) == expected[who], who


def test_driver_query_needs_every_parameter() -> None:
    query = DriverQuery(sa.select(Workspace.id).where(Workspace.id == sa.bindparam("id"),
                                                      Workspace.name == "fixed"))
    assert query.args({"id": 1}) == [1, "fixed"]
    with pytest.raises(KeyError):
        query.args({})


async def test_driver_connection_lives_in_the_session_transaction() -> None:
    async with get_database().sessionmaker() as session:
        first = await driver_connection(session)
        assert first.is_in_transaction()
        assert await driver_connection(session) is first
        await session.commit()  # the connection went back to the pool: never reused as is
        again = await driver_connection(session)
        assert again.is_in_transaction()
        await session.rollback()
        assert not again.is_in_transaction()
