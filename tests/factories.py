"""Plain factory functions that go through the API, the way a user would."""

import re
import uuid
from typing import Any

import asyncpg
from httpx import AsyncClient

from tests.conftest import owner_dsn

PASSWORD = "correct horse battery staple"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def signup(client: AsyncClient, email: str | None = None, *, password: str = PASSWORD,
                 organization_name: str = "Agence Lumière", locale: str = "en") -> dict[str, Any]:
    email = email or f"owner-{uuid.uuid4().hex[:8]}@agency.example.com"
    response = await client.post("/api/v1/auth/signup", json={
        "email": email, "password": password, "full_name": "Olivia Owner",
        "organization_name": organization_name, "locale": locale})
    assert response.status_code == 201, response.text
    body = response.json()
    return {**body, "email": email, "password": password, "org_id": body["organization_id"],
            "headers": bearer(body["access_token"])}


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/login", json={"email": email,
                                                             "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    return {**body, "headers": bearer(body["access_token"])}


async def create_workspace(client: AsyncClient, headers: dict[str, str], org_id: str,
                           **fields: Any) -> dict[str, Any]:
    payload = {"name": f"Client {uuid.uuid4().hex[:6]}", "brand_name": "Brandy",
               "keywords": ["brandy"], "competitors": ["rival"], **fields}
    response = await client.post(f"/api/v1/organizations/{org_id}/workspaces", json=payload,
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def last_mail(to: str) -> dict[str, Any]:
    conn = await asyncpg.connect(owner_dsn())
    try:
        row = await conn.fetchrow(
            "SELECT * FROM mail_outbox WHERE lower(to_address) = lower($1) "
            "ORDER BY created_at DESC LIMIT 1", to)
    finally:
        await conn.close()
    assert row is not None, f"no mail to {to}"
    return dict(row)


def token_from(body: str) -> str:
    match = re.search(r"token=([A-Za-z0-9_\-\.]+)", body)
    assert match, body
    return match.group(1)


async def invite(client: AsyncClient, headers: dict[str, str], org_id: str, email: str,
                 **roles: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/organizations/{org_id}/invitations",
                                 json={"email": email, **roles}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def invite_and_accept(client: AsyncClient, headers: dict[str, str], org_id: str,
                            email: str | None = None, *, password: str = PASSWORD,
                            **roles: Any) -> dict[str, Any]:
    """Invite someone new; they accept from the emailed link and get a session."""
    email = email or f"guest-{uuid.uuid4().hex[:8]}@client.example.com"
    await invite(client, headers, org_id, email, **roles)
    token = token_from((await last_mail(email))["body_text"])
    response = await client.post("/api/v1/invitations/accept", json={
        "token": token, "full_name": "Invited Person", "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    return {**body, "email": email, "password": password, "headers": bearer(body["access_token"])}
