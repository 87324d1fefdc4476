"""The whole API against its own OpenAPI document, with schemathesis (fixed seed, bounded).

Every operation is fuzzed twice: as a signed-up user (the path's organization and workspace
are the user's own, so requests get past the tenant check into the endpoints' logic) and
anonymously. Checks: no 5xx, status code documented, content type documented, body and
headers matching the documented schema. Failures that are instances of a known finding
(`known_finding_of`) are recorded while the fuzzing goes on, and the operation is reported as
xfail with the finding's exact reason (tests/contract/conftest.py); any other failure fails.
`test_openapi_describes_the_error_answers` keeps the document declaring its problem answers.

Why a real server in a subprocess: `case.call_and_validate()` is synchronous. Against the
ASGI app it runs the app on an event loop of its own (a starlette TestClient portal), and a
uvicorn server in a background thread would too; but the app keeps process-wide clients bound
to the loop that first used them (the SQLAlchemy engine of app/core/db.py, the ARQ pool of
app/core/jobs.py, the rate limiter's Redis client), and the async tests of this session use
them from pytest-asyncio's loop: asyncpg raises "attached to a different loop" as soon as two
loops share the pool. A uvicorn subprocess on a free loopback port owns every one of those
clients, talks to the same test database and Redis, and is reached with `case.call(base_url=)`.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import UndefinedContentType, UndefinedStatusCode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.connectors.registry import COLLECTORS
from app.core.ratelimit import login_rate_limit
from app.main import create_app
from app.models import metadata
from tests.conftest import owner_dsn
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261125
# Per operation and identity, for the fuzzing phase (the coverage phase's cases come on top).
# Bounded for CI (the module runs in about a minute); raise it locally to dig deeper.
MAX_EXAMPLES = int(os.environ.get("VIGIE_FUZZ_EXAMPLES", "15"))

APP = create_app()
SPEC: dict[str, Any] = APP.openapi()
schema = schemathesis.openapi.from_dict(SPEC)
schema.config.seed = SEED
# Examples, then the coverage phase (boundaries, missing and wrong-typed values, both valid
# and invalid), then random fuzzing. The stateful phase is for `schemathesis run`.
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
FUZZ = settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large,
                                       # the per-operation Redis flush below is on purpose
                                       HealthCheck.function_scoped_fixture])
# The user's own tenant is substituted in every operation but these, which would delete it
# for the operations that follow (they run with the generated ids instead).
DESTRUCTIVE = frozenset({"organizations-delete_organization", "workspaces-delete_workspace"})
# Calls every source of a draft query over the network, with retries and per-host spacing:
# seconds per example even with egress cut off (below). Fuzzed anonymously (the auth check)
# only; tests/listening covers it against fake servers.
NETWORK_BOUND = frozenset({"watches-preview_draft"})


# --- known findings ------------------------------------------------------------------------

PROBLEM_JSON = "application/problem+json"
UNDESCRIBED_ERRORS = (
    "the OpenAPI document does not describe the error answers: 422 is declared with FastAPI's "
    "default application/json HTTPValidationError although app/core/errors.py answers "
    "application/problem+json, and 400 (a JSON body that is not UTF-8), 401, 403, 404, 409 and "
    "429 are not declared at all")


def _rate_limited_by_ip() -> set[tuple[str, str]]:
    return {(method.lower(), route.path_format) for route in APP.routes
            if isinstance(route, APIRoute)
            and any(d.call is login_rate_limit for d in route.dependant.dependencies)
            for method in route.methods}


LOGIN_LIMITED = _rate_limited_by_ip()


def _operation(label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    return SPEC["paths"][path][method.lower()]


def _declares_problems(op: dict[str, Any]) -> bool:
    return any(PROBLEM_JSON in r.get("content", {}) for r in op["responses"].values())


def known_finding_of(label: str, failure: BaseException) -> str | None:
    """The known finding a schemathesis failure is an instance of; None for anything else,
    which fails the test. It lapses for an operation as soon as the document declares
    problem answers for it, which every operation now does
    (`test_openapi_describes_the_error_answers`)."""
    if _declares_problems(_operation(label)):
        return None
    if isinstance(failure, UndefinedContentType) \
            and failure.content_type.split(";")[0].strip() == PROBLEM_JSON:
        return UNDESCRIBED_ERRORS
    if isinstance(failure, UndefinedStatusCode) and 400 <= failure.status_code < 500:
        return UNDESCRIBED_ERRORS
    return None


def _declared(op: dict[str, Any], status: int) -> bool:
    responses = op["responses"]
    return str(status) in responses or f"{str(status)[0]}XX" in responses \
        or "default" in responses



def test_openapi_describes_the_error_answers() -> None:
    missing = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            label = f"{method.upper()} {path}"
            if "422" in op["responses"] and \
                    PROBLEM_JSON not in op["responses"]["422"].get("content", {}):
                missing.append(f"{label}: 422 as {PROBLEM_JSON}")
            expected = {400: "requestBody" in op, 401: "security" in op, 404: "{" in path,
                        429: (method, path) in LOGIN_LIMITED}
            missing += [f"{label}: {status}" for status, due in expected.items()
                        if due and not _declared(op, status)]
    assert not missing, missing


# --- the server and its user ---------------------------------------------------------------

@dataclass(frozen=True)
class Server:
    url: str
    headers: dict[str, str]
    ids: dict[str, str]


# Watch previews call the networks: the fuzzer must not send traffic to the internet. Every
# API source points at a closed loopback port (refused by the collectors' SSRF guard), and
# user-given feed/page/instance URLs go through a proxy that is a closed port too.
_DEAD = "http://127.0.0.1:9"
_NO_EGRESS = {"CONNECTOR_BASE_URLS": json.dumps({source: _DEAD for source in COLLECTORS}),
              "HTTP_PROXY": _DEAD, "HTTPS_PROXY": _DEAD, "ALL_PROXY": _DEAD, "NO_PROXY": ""}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the API server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("the API server did not answer /healthz within 30 s")


def _sign_up(url: str) -> tuple[dict[str, str], dict[str, str]]:
    response = httpx.post(f"{url}/api/v1/auth/signup", json={
        "email": f"contract-{uuid.uuid4().hex[:8]}@agency.example.com", "password": PASSWORD,
        "full_name": "Casey Contract", "organization_name": "Agence Contrat"})
    assert response.status_code == 201, response.text
    body = response.json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    workspace = httpx.post(f"{url}/api/v1/organizations/{body['organization_id']}/workspaces",
                           json={"name": "Café Contrat"}, headers=headers)
    assert workspace.status_code == 201, workspace.text
    return headers, {"organization_id": body["organization_id"],
                     "workspace_id": workspace.json()["id"]}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    url = f"http://127.0.0.1:{_free_port()}"
    port = url.rsplit(":", 1)[1]
    # Per-user limits off: how many requests fit in a minute depends on the machine's speed.
    # The per-IP limit of credential endpoints cannot be switched off and stays (it counts
    # requests, not time: the 11th signup of a test is always a 429).
    env = {**os.environ, "RATE_LIMIT_USER_PER_MINUTE": "0", "RATE_LIMIT_API_KEY_PER_MINUTE": "0",
           **_NO_EGRESS}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", port,
         "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
    try:
        _wait_until_up(url, process)
        headers, ids = _sign_up(url)
        yield Server(url, headers, ids)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _truncate() -> None:
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    try:
        conn = await asyncpg.connect(owner_dsn())
    except asyncpg.InvalidCatalogNameError:
        return  # last module of the run: tests/conftest.py already dropped the database
    try:
        await conn.execute(f"TRUNCATE {tables} CASCADE")
    finally:
        await conn.close()


def _flush_redis() -> None:
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(scope="module", autouse=True)
def _clean_after_module() -> Iterator[None]:
    yield
    asyncio.run(_truncate())
    _flush_redis()


@pytest.fixture(autouse=True)
def _isolate() -> Iterator[None]:
    """Replaces tests/conftest.py's truncation, which would delete the module's user after
    the first operation. Rate-limit counters start afresh for each operation."""
    _flush_redis()
    yield


def _in_own_tenant(case: schemathesis.Case, server: Server) -> None:
    """Put the user's organization and workspace in the path where a valid id was generated
    (invalid ones stay: they are the negative cases)."""
    if case.operation.definition.raw.get("operationId") in DESTRUCTIVE:
        return
    params = case.path_parameters or {}
    for name, value in server.ids.items():
        if name in params:
            try:
                uuid.UUID(str(params[name]))
            except ValueError:
                continue
            params[name] = value


# --- the tests -----------------------------------------------------------------------------

# Instances of known findings met by each (test, operation), reported by conftest.py as xfail
# once the operation's examples are all run.
SEEN: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc


def _summary(failure: BaseException) -> str:
    if isinstance(failure, UndefinedStatusCode):
        return f"undocumented {failure.status_code}"
    if isinstance(failure, UndefinedContentType):
        return f"{failure.content_type} documented as {', '.join(failure.defined_content_types)}"
    return type(failure).__name__


def _call_and_validate(test: str, case: schemathesis.Case, **kwargs: Any) -> None:
    """Instances of a known finding are recorded and the fuzzing goes on: stopping at the
    first one (every operation has some) would leave the rest of the input space untried.
    Anything else fails the example, and Hypothesis shrinks it."""
    try:
        case.call_and_validate(checks=CHECKS, timeout=30, **kwargs)
    except FailureGroup as group:
        label = case.operation.label
        known = [(known_finding_of(label, failure), failure) for failure in _leaves(group)]
        if any(reason is None for reason, _ in known):
            raise
        for reason, failure in known:
            SEEN[(test, label)][reason].add(_summary(failure))  # type: ignore[index]


def known_findings_seen(test: str, label: str) -> str | None:
    """For tests/contract/conftest.py: the known findings an operation's run met."""
    seen = SEEN.get((test, label), {})
    return " | ".join(f"{', '.join(sorted(summaries))} -- known finding: {reason}"
                      for reason, summaries in sorted(seen.items())) or None


@schema.parametrize()
@FUZZ
@seed(SEED)
def test_api_as_a_user(case: schemathesis.Case, server: Server) -> None:
    if case.operation.definition.raw.get("operationId") in NETWORK_BOUND:
        pytest.skip("network-bound: runs every source of the query (see NETWORK_BOUND)")
    _in_own_tenant(case, server)
    _call_and_validate("test_api_as_a_user", case, base_url=server.url, headers=server.headers)


@schema.parametrize()
@FUZZ
@seed(SEED)
def test_api_anonymously(case: schemathesis.Case, server: Server) -> None:
    _call_and_validate("test_api_anonymously", case, base_url=server.url)

