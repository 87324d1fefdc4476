"""Rate limits per user, per API key and per client IP, and what happens when Redis is down."""

import logging
import socket
import uuid

import pytest
from httpx import AsyncClient

from app.core import ratelimit
from app.core.config import Settings, get_settings
from tests.factories import bearer, signup


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The live settings; whatever a test changes is restored after it."""
    live = get_settings()
    for name in ("rate_limit_user_per_minute", "rate_limit_api_key_per_minute", "redis_url",
                 "rate_limit_on_redis_error"):
        monkeypatch.setattr(live, name, getattr(live, name))
    monkeypatch.setattr(ratelimit, "_last_warning", 0.0)
    return live


def dead_redis_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def assert_ratelimit_headers(headers: object, limit: int, remaining: int) -> None:
    assert headers["RateLimit-Limit"] == str(limit)  # type: ignore[index]
    assert headers["RateLimit-Remaining"] == str(remaining)  # type: ignore[index]
    assert 1 <= int(headers["RateLimit-Reset"]) <= 60  # type: ignore[index]


async def test_user_limit_answers_429_with_headers(client: AsyncClient,
                                                   settings: Settings) -> None:
    owner = await signup(client)
    settings.rate_limit_user_per_minute = 3
    for remaining in (2, 1, 0):
        ok = await client.get("/api/v1/me", headers=owner["headers"])
        assert ok.status_code == 200
        assert_ratelimit_headers(ok.headers, 3, remaining)

    refused = await client.get("/api/v1/me", headers=owner["headers"])
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert_ratelimit_headers(refused.headers, 3, 0)
    # Another user has their own budget.
    other = await signup(client)
    assert (await client.get("/api/v1/me", headers=other["headers"])).status_code == 200


async def test_api_key_has_its_own_limit(client: AsyncClient, settings: Settings) -> None:
    owner = await signup(client)
    org = owner["org_id"]
    created = await client.post(f"/api/v1/organizations/{org}/api-keys", headers=owner["headers"],
                                json={"name": "CI", "scopes": ["organization:read"]})
    key = created.json()["key"]
    settings.rate_limit_api_key_per_minute = 2

    statuses = [(await client.get(f"/api/v1/organizations/{org}", headers=bearer(key))).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    user = await client.get(f"/api/v1/organizations/{org}", headers=owner["headers"])
    assert user.status_code == 200
    assert user.headers["RateLimit-Limit"] == str(settings.rate_limit_user_per_minute)


async def test_credential_endpoints_are_limited_per_ip(client: AsyncClient,
                                                       settings: Settings) -> None:
    credentials = {"email": "nobody@lumiere-agency.fr", "password": "not the password"}
    for _ in range(ratelimit.LOGIN_LIMIT_PER_MINUTE):
        attempt = await client.post("/api/v1/auth/login", json=credentials)
        assert attempt.status_code == 401
    refused = await client.post("/api/v1/auth/login", json=credentials)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    # The budget is per route: signing up from the same address still works.
    await signup(client)


async def test_redis_down_fails_open_by_default(client: AsyncClient, settings: Settings,
                                                caplog: pytest.LogCaptureFixture) -> None:
    owner = await signup(client)
    settings.redis_url = dead_redis_url()
    settings.rate_limit_on_redis_error = "open"
    with caplog.at_level(logging.WARNING, logger="app.core.ratelimit"):
        answers = [await client.get("/api/v1/me", headers=owner["headers"]) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert "RateLimit-Limit" not in answers[0].headers
    warnings = [r for r in caplog.records if r.name == "app.core.ratelimit"]
    assert len(warnings) == 1  # logged once, not per request


async def test_redis_down_fails_closed_when_configured(client: AsyncClient,
                                                       settings: Settings) -> None:
    owner = await signup(client)
    settings.redis_url = dead_redis_url()
    settings.rate_limit_on_redis_error = "closed"
    for _ in range(2):
        answer = await client.get("/api/v1/me", headers=owner["headers"])
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "unavailable"
        assert "Retry-After" in answer.headers
    login = await client.post("/api/v1/auth/login",
                              json={"email": owner["email"], "password": owner["password"]})
    assert login.status_code == 503


async def _redis_now_ms(backend: ratelimit._Backend) -> int:
    seconds, micros = await backend.client.time()
    return seconds * 1000 + micros // 1000


async def test_moving_window_script(settings: Settings) -> None:
    """One script call per check: refused hits are not counted, and the window slides."""
    backend = ratelimit._Backend(settings.redis_url)
    identity = ("test", uuid.uuid4().hex)
    key = ":".join((ratelimit.KEY_PREFIX, *identity))
    try:
        verdicts = [await backend.check(2, *identity) for _ in range(3)]
        assert [(v.allowed, v.remaining) for v in verdicts] == [(True, 1), (True, 0),
                                                                 (False, 0)]
        assert 59 <= verdicts[2].reset_in <= 60
        assert await backend.client.zcard(key) == 2  # the refused hit left no trace
        assert 0 < await backend.client.pttl(key) <= ratelimit.WINDOW_MS

        # Move the hits back in time: one 61 s ago has left the window, one 50 s ago has not
        # and is the next to leave, in about 10 s.
        now = await _redis_now_ms(backend)
        first, second = await backend.client.zrange(key, 0, -1)
        await backend.client.zadd(key, {first: now - 61_000, second: now - 50_000})
        verdict = await backend.check(2, *identity)
        assert (verdict.allowed, verdict.remaining) == (True, 0)
        assert 9 <= verdict.reset_in <= 11
        assert not (await backend.check(2, *identity)).allowed
    finally:
        await backend.client.aclose()


async def test_one_redis_round_trip_per_request(client: AsyncClient, settings: Settings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    owner = await signup(client)
    backend = ratelimit._get_backend()
    calls: list[object] = []
    original = backend.client.evalsha

    async def counting_evalsha(*args: object) -> object:
        calls.append(args)
        return await original(*args)

    monkeypatch.setattr(backend.client, "evalsha", counting_evalsha)
    assert (await client.get("/api/v1/me", headers=owner["headers"])).status_code == 200
    assert len(calls) == 1
