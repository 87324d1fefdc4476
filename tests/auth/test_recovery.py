"""Password reset and email verification through the HTTP API, reading the links from the
mail outbox the way a user reads them from their inbox."""

import re
import time
import uuid
from typing import Any

import asyncpg
import pytest
from httpx import AsyncClient
from jose import jwt

from app.core.config import get_settings
from app.core.security import hash_opaque_token
from tests.factories import bearer, signup

NEW_PASSWORD = "a brand new passphrase"
RESET = "/api/v1/auth/password-reset"
VERIFY = "/api/v1/auth/email-verification"


def _email() -> str:
    return f"nina-{uuid.uuid4().hex[:8]}@agence-lumiere.fr"


async def _mails(db: asyncpg.Connection, to: str, subject_part: str) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT * FROM mail_outbox WHERE to_address = $1 AND subject LIKE $2 "
                          "ORDER BY created_at", to, f"%{subject_part}%")
    return [dict(r) for r in rows]


def _link_token(body: str, path: str) -> str:
    match = re.search(re.escape(f"{get_settings().app_url}/{path}?token=") + r"([\w.\-]+)", body)
    assert match, body
    return match.group(1)


async def _reset_token(client: AsyncClient, db: asyncpg.Connection, email: str) -> str:
    assert (await client.post(RESET, json={"email": email})).status_code == 202
    mails = await _mails(db, email, "password")
    assert len(mails) == 1
    return _link_token(mails[0]["body_text"], "reset-password")


async def _confirm_reset(client: AsyncClient, token: str, password: str = NEW_PASSWORD) -> Any:
    return await client.post(f"{RESET}/confirm", json={"token": token, "new_password": password})


def _assert_invalid_token(response: Any) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_token"


async def _login(client: AsyncClient, email: str, password: str) -> int:
    response = await client.post("/api/v1/auth/login", json={"email": email,
                                                             "password": password})
    return response.status_code


async def test_password_reset_flow(client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    token = await _reset_token(client, owner_db, account["email"])

    assert (await _confirm_reset(client, token)).status_code == 204

    assert await _login(client, account["email"], NEW_PASSWORD) == 200
    assert await _login(client, account["email"], account["password"]) == 401
    refreshed = await client.post("/api/v1/auth/refresh",
                                  json={"refresh_token": account["refresh_token"]})
    assert refreshed.status_code == 401
    user_id = uuid.UUID(account["user"]["id"])
    revoked = await owner_db.fetchval("SELECT revoked_at FROM refresh_tokens WHERE token_hash "
                                      "= $1", hash_opaque_token(account["refresh_token"]))
    assert revoked is not None  # revoked by the reset, not merely spent by the refresh above
    assert await owner_db.fetchval("SELECT count(*) FROM audit_events WHERE action = "
                                   "'password.reset' AND actor_user_id = $1", user_id) == 1
    # The link reached the mailbox: the address counts as verified too.
    me = await client.get("/api/v1/me", headers=account["headers"])
    assert me.json()["user"]["email_verified_at"] is not None


async def test_the_reset_mail_speaks_the_users_language(client: AsyncClient,
                                                        owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email(), locale="fr")
    assert (await client.post(RESET, json={"email": account["email"].upper()})).status_code == 202
    mails = await _mails(owner_db, account["email"], "mot de passe")
    assert [m["subject"] for m in mails] == ["Réinitialisez votre mot de passe Vigie"]
    assert "expire dans 60 minutes" in mails[0]["body_text"]


async def test_a_reset_link_works_once(client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    token = await _reset_token(client, owner_db, account["email"])
    assert (await _confirm_reset(client, token)).status_code == 204
    _assert_invalid_token(await _confirm_reset(client, token, "yet another passphrase"))
    assert await _login(client, account["email"], NEW_PASSWORD) == 200


async def test_an_expired_reset_link_is_refused(client: AsyncClient,
                                                owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    token = await _reset_token(client, owner_db, account["email"])
    await owner_db.execute("UPDATE one_time_tokens SET expires_at = now() - interval '1 second'")
    _assert_invalid_token(await _confirm_reset(client, token))
    assert await _login(client, account["email"], account["password"]) == 200


async def test_a_reset_link_with_an_expired_signature_is_refused(
        client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    claims = jwt.get_unverified_claims(await _reset_token(client, owner_db, account["email"]))
    now = int(time.time())
    expired = jwt.encode({**claims, "iat": now - 3700, "exp": now - 100},
                         get_settings().secret_key, algorithm="HS256")
    _assert_invalid_token(await _confirm_reset(client, expired))


async def test_a_reset_link_dies_when_the_password_changes(
        client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    token = await _reset_token(client, owner_db, account["email"])
    await owner_db.execute("UPDATE users SET password_hash = password_hash || 'x' "
                           "WHERE id = $1", uuid.UUID(account["user"]["id"]))
    _assert_invalid_token(await _confirm_reset(client, token))


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c"])
async def test_malformed_tokens(client: AsyncClient, token: str) -> None:
    response = await _confirm_reset(client, token)
    assert response.status_code in (400, 422)
    if response.status_code == 400:
        _assert_invalid_token(response)


async def test_a_verification_link_cannot_reset_a_password(
        client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    mail = (await _mails(owner_db, account["email"], "email address"))[0]
    _assert_invalid_token(await _confirm_reset(client, _link_token(mail["body_text"],
                                                                   "verify-email")))


async def test_unknown_email_gets_the_same_answer_and_no_mail(
        client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    response = await client.post(RESET, json={"email": "nobody@agence-lumiere.fr"})
    assert (response.status_code, response.content) == (202, b"")
    assert await owner_db.fetchval("SELECT count(*) FROM mail_outbox") == 0
    assert await owner_db.fetchval("SELECT count(*) FROM one_time_tokens") == 0


async def test_repeated_requests_send_one_mail(client: AsyncClient,
                                               owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    for _ in range(3):
        assert (await client.post(RESET, json={"email": account["email"]})).status_code == 202
    assert len(await _mails(owner_db, account["email"], "password")) == 1


async def test_new_password_rules(client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    token = await _reset_token(client, owner_db, account["email"])
    for bad in ("short", "x" * 257):
        response = await _confirm_reset(client, token, bad)
        assert response.status_code == 422, response.text
    assert (await _confirm_reset(client, token)).status_code == 204


async def test_email_verification_flow(client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    assert len(await _mails(owner_db, account["email"], "Confirm your email")) == 1  # signup

    assert (await client.post(VERIFY, headers=account["headers"])).status_code == 202
    mails = await _mails(owner_db, account["email"], "Confirm your email")
    assert len(mails) == 2
    token = _link_token(mails[-1]["body_text"], "verify-email")

    confirm = await client.post(f"{VERIFY}/confirm", json={"token": token})
    assert confirm.status_code == 204, confirm.text
    me = await client.get("/api/v1/me", headers=account["headers"])
    assert me.json()["user"]["email_verified_at"] is not None

    _assert_invalid_token(await client.post(f"{VERIFY}/confirm", json={"token": token}))
    again = await client.post(VERIFY, headers=account["headers"])
    assert (again.status_code, again.json()["code"]) == (409, "email_already_verified")


async def test_the_signup_link_verifies_too_and_a_reset_link_does_not(
        client: AsyncClient, owner_db: asyncpg.Connection) -> None:
    account = await signup(client, _email())
    reset = await _reset_token(client, owner_db, account["email"])
    _assert_invalid_token(await client.post(f"{VERIFY}/confirm", json={"token": reset}))
    mail = (await _mails(owner_db, account["email"], "Confirm your email"))[0]
    token = _link_token(mail["body_text"], "verify-email")
    assert (await client.post(f"{VERIFY}/confirm", json={"token": token})).status_code == 204


async def test_asking_for_verification_needs_a_user_session(client: AsyncClient) -> None:
    assert (await client.post(VERIFY)).status_code == 401
    assert (await client.post(VERIFY, headers=bearer("not-a-token"))).status_code == 401
