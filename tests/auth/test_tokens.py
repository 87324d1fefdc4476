"""Access tokens: every malformed or forged JWT is a 401; refresh tokens rotate."""

import base64
import json
import time

import pytest
from httpx import AsyncClient
from jose import jwt

from app.core.config import get_settings
from tests.factories import bearer, signup


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(subject: str, **overrides: object) -> dict:
    s = get_settings()
    now = int(time.time())
    claims = {"sub": subject, "aud": s.jwt_audience, "iss": s.jwt_issuer, "iat": now,
              "exp": now + 600}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _forge(kind: str, sub: str, good: str) -> str:
    secret = get_settings().secret_key
    if kind == "alg_none":
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(sub))}."
    if kind == "hs512":
        return jwt.encode(_claims(sub), secret, algorithm="HS512")
    if kind == "wrong_key":
        return jwt.encode(_claims(sub), "another-secret-another-secret-another-secret",
                          algorithm="HS256")
    if kind == "expired":
        return jwt.encode(_claims(sub, iat=int(time.time()) - 3600,
                                  exp=int(time.time()) - 60), secret, algorithm="HS256")
    if kind.startswith("missing_"):
        return jwt.encode(_claims(sub, **{kind.removeprefix("missing_"): None}), secret,
                          algorithm="HS256")
    if kind == "wrong_audience":
        return jwt.encode(_claims(sub, aud="someone-else"), secret, algorithm="HS256")
    if kind == "wrong_issuer":
        return jwt.encode(_claims(sub, iss="evil"), secret, algorithm="HS256")
    if kind == "tampered":
        header, payload, sig = good.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["sub"] = "00000000-0000-0000-0000-000000000001"
        return f"{header}.{_b64(claims)}.{sig}"
    if kind == "bad_subject":
        return jwt.encode(_claims("not-a-uuid"), secret, algorithm="HS256")
    if kind == "garbage":
        return "not.a.jwt"
    raise AssertionError(kind)


BAD_TOKENS = ["alg_none", "hs512", "wrong_key", "expired", "missing_exp", "missing_iat",
              "missing_sub", "missing_aud", "missing_iss", "wrong_audience", "wrong_issuer",
              "tampered", "bad_subject", "garbage"]


@pytest.mark.parametrize("kind", BAD_TOKENS)
async def test_bad_access_tokens_are_401(client: AsyncClient, kind: str) -> None:
    owner = await signup(client)
    me = (await client.get("/api/v1/me", headers=owner["headers"])).json()
    token = _forge(kind, me["user"]["id"], owner["access_token"])
    response = await client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401, kind
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_missing_token_is_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


async def test_refresh_rotates_and_reuse_revokes_the_family(client: AsyncClient) -> None:
    owner = await signup(client)
    first = owner["refresh_token"]
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first
    assert (await client.get("/api/v1/me", headers=bearer(rotated.json()["access_token"]))
            ).status_code == 200

    # The spent token comes back: whoever holds it is not the legitimate client.
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 401
    # ...so the whole family dies, including the token rotated from it.
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": second})
    assert after.status_code == 401


async def test_logout_revokes_the_refresh_token(client: AsyncClient) -> None:
    owner = await signup(client)
    out = await client.post("/api/v1/auth/logout", json={"refresh_token": owner["refresh_token"]})
    assert out.status_code == 204
    again = await client.post("/api/v1/auth/refresh",
                              json={"refresh_token": owner["refresh_token"]})
    assert again.status_code == 401


async def test_login_failure_is_generic_and_audited(client: AsyncClient, owner_db) -> None:  # type: ignore[no-untyped-def]
    owner = await signup(client)
    wrong = await client.post("/api/v1/auth/login",
                              json={"email": owner["email"], "password": "wrong password!"})
    unknown = await client.post("/api/v1/auth/login",
                                json={"email": "nobody@example.com", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    count = await owner_db.fetchval("SELECT count(*) FROM audit_events WHERE action = "
                                    "'login.failed'")
    assert count == 2


async def test_email_is_unique_case_insensitively(client: AsyncClient) -> None:
    await signup(client, "Camille@Agency.example.com")
    response = await client.post("/api/v1/auth/signup", json={
        "email": "camille@agency.EXAMPLE.COM", "password": "another long password",
        "full_name": "C", "organization_name": "Other"})
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


async def test_oauth2_password_form_for_docs(client: AsyncClient) -> None:
    owner = await signup(client)
    response = await client.post("/api/v1/auth/token", data={
        "username": owner["email"], "password": owner["password"]})
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"


async def test_a_wrong_password_says_so_with_its_own_code(client: AsyncClient) -> None:
    from tests.factories import signup

    owner = await signup(client)
    for email in (owner["email"], "nobody@agency.example.com"):
        response = await client.post("/api/v1/auth/login",
                                     json={"email": email, "password": "not the password"})
        assert response.status_code == 401
        problem = response.json()
        # Same answer for an unknown email: nothing tells which accounts exist.
        assert (problem["code"], problem["detail"]) == ("invalid_credentials",
                                                        "Invalid email or password")
