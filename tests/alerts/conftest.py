"""Shared setup of the alerts tests: an agency with a workspace, a fake Slack webhook served
over real HTTP, mails kept in the outbox, and a real ARQ worker in burst mode."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from arq.jobs import JobDef
from httpx import AsyncClient

from app.core import jobs
from app.core.config import get_settings
from tests.factories import create_workspace, signup
from tests.fakes.server import serve
from tests.fakes.slack import SlackFake
from tests.worker import run_worker


@dataclass
class Agency:
    org_id: str
    workspace_id: str
    headers: dict[str, str]
    email: str


@pytest.fixture(autouse=True)
def _no_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    # Mails stay in the outbox table, where the tests read them.
    monkeypatch.setattr(get_settings(), "smtp_url", None)


@pytest.fixture
async def agency(client: AsyncClient) -> Agency:
    owner = await signup(client, organization_name="Agence Lumière", locale="fr")
    workspace = await create_workspace(client, owner["headers"], owner["org_id"],
                                       name="Brandy France", locale="fr")
    await run_worker()  # the signup's own mails, so tests can count jobs from zero
    return Agency(owner["org_id"], workspace["id"], owner["headers"], owner["email"])


@pytest.fixture(scope="session")
def _slack_server() -> Iterator[tuple[SlackFake, str]]:
    fake = SlackFake()
    with serve(fake.app) as base_url:
        yield fake, base_url


@pytest.fixture
def slack(_slack_server: tuple[SlackFake, str],
          monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackFake]:
    # The fake listens on loopback, which user-supplied URLs may not reach by default.
    monkeypatch.setattr(get_settings(), "allow_private_sources", True)
    fake, _ = _slack_server
    fake.reset()
    yield fake
    fake.reset()


@pytest.fixture
def slack_url(slack: SlackFake, _slack_server: tuple[SlackFake, str]) -> str:
    return slack.url(_slack_server[1])


async def run_jobs(count: int) -> None:
    """Run exactly `count` ready jobs, one worker each: a burst worker would otherwise wait
    for deferred jobs, and ARQ's `max_burst_jobs` counts a finished job twice until it
    reaps it."""
    for _ in range(count):
        await run_worker(max_jobs=1)


async def enqueue_evaluation(org_id: str, workspace_id: str) -> None:
    """What `schedule_evaluation` does, without waiting for the end of the minute."""
    await jobs.send(jobs.PendingJob("alerts.evaluate", {"organization_id": org_id,
                                                        "workspace_id": workspace_id},
                                    None, None))


async def queued_jobs() -> list[JobDef]:
    queue = await jobs.get_queue()
    return list(await queue.queued_jobs(queue_name=jobs.QUEUE_NAME))


async def forget_queue() -> None:
    """Redis lost every job: what is still due must be found again from the rows."""
    await (await jobs.get_queue()).flushdb()


async def evaluate(org_id: str, workspace_id: str) -> Any:
    """Run `alerts.evaluate` in this process (for tests about detection, not delivery)."""
    return await jobs.TASKS["alerts.evaluate"].func({}, organization_id=org_id,
                                                    workspace_id=workspace_id)
