"""Fake Slack incoming webhook (https://api.slack.com/messaging/webhooks).

POST /services/{team}/{bot}/{secret} with a JSON body carrying `text` (or `blocks`) answers
`200 ok` in text/plain, as Slack does. Errors use Slack's documented plain-text codes:
400 invalid_payload (not JSON) and 400 no_text; 404 no_service for a secret the fake does not
know when `known_secrets` is set. Canned answers (`respond(500, body="rollup_error")`) stand
for Slack's outages and for archived channels (410 channel_is_archived).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.fakes.control import Fake

HOOK_PATH = "/services/T0VIGIE01/B0ALERTS1/{secret}"
# Slack's webhook URLs end with a random token; any will do for the fake.
DEFAULT_TOKEN = "aB3dE5gH7jK9mN1pQ3sT5vX7"


class SlackFake(Fake):
    # None accepts any secret; a set makes every other one a 404 no_service.
    known_secrets: set[str] | None = None

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.messages: list[dict[str, Any]] = []

    def routes(self) -> list[Route]:
        return [Route("/services/{team}/{bot}/{secret}", self.incoming, methods=["POST"])]

    def url(self, base_url: str, token: str = DEFAULT_TOKEN) -> str:
        return base_url + HOOK_PATH.format(secret=token)

    @property
    def texts(self) -> list[str]:
        return [str(m.get("text", "")) for m in self.messages]

    async def incoming(self, request: Request) -> Response:
        if self.known_secrets is not None and \
                request.path_params["secret"] not in self.known_secrets:
            return PlainTextResponse("no_service", status_code=404)
        try:
            payload = json.loads(await request.body())
        except ValueError:
            return PlainTextResponse("invalid_payload", status_code=400)
        if not isinstance(payload, dict):
            return PlainTextResponse("invalid_payload", status_code=400)
        if not payload.get("text") and not payload.get("blocks"):
            return PlainTextResponse("no_text", status_code=400)
        with self._lock:
            self.messages.append(payload)
        return PlainTextResponse("ok")
