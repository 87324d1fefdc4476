"""An agency with one client workspace and two watches (the brand and a competitor)."""

import pytest
from httpx import AsyncClient

from tests.listening.inbox.factories import Agency, make_agency


@pytest.fixture
async def agency(client: AsyncClient) -> Agency:
    return await make_agency(client, slug="cafe-soleil")
