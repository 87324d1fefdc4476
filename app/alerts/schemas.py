"""Alert rules and alerts in and out of the API.

A rule's `params` depend on its `kind`; each kind has its own model below, with defaults
filled in and unknown keys refused, so a typo is a 422 naming the field instead of a setting
silently ignored.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from app.alerts.models import AlertKind, AlertStatus
from app.core.types import Name, NoNul

RuleName = Name
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100,
                                           pattern=r"\w"), NoNul]
Emails = Annotated[list[EmailStr], Field(max_length=20)]
Cooldown = Annotated[int, Field(ge=1, le=1440, description="Minutes during which new matches "
                                "update the open alert instead of raising another, and "
                                "between two notifications of one alert.")]


def _dedupe(values: list[str]) -> list[str]:
    """Keep the first of values equal but for case, in their order."""
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


class _Params(BaseModel):
    model_config = {"extra": "forbid"}


class VolumeParams(_Params):
    window_minutes: int = Field(60, ge=15, le=1440)
    factor: float = Field(3.0, ge=1.5, le=100)
    min_mentions: int = Field(10, ge=1, le=1_000_000)
    baseline_days: int = Field(7, ge=1, le=30)


class NegativeParams(VolumeParams):
    min_negative_share: float = Field(0.4, ge=0, le=1)


class KeywordParams(_Params):
    keywords: list[Keyword] = Field(min_length=1, max_length=50)

    @field_validator("keywords")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        # One entry per keyword whatever its case: the matching ignores case anyway.
        return _dedupe(value)


class HighReachParams(_Params):
    min_reach: int = Field(10_000, ge=1, le=2**31 - 1)  # mentions.reach is an int column


PARAMS_MODELS: dict[AlertKind, type[_Params]] = {
    AlertKind.volume_spike: VolumeParams,
    AlertKind.negative_spike: NegativeParams,
    AlertKind.keyword: KeywordParams,
    AlertKind.high_reach: HighReachParams,
}

PARAMS_DOC = (
    "Depends on `kind`. volume_spike: window_minutes (15..1440, default 60), factor (>= 1.5, "
    "default 3), min_mentions (default 10), baseline_days (1..30, default 7). negative_spike: "
    "the same, counted on negative mentions, plus min_negative_share (0..1, default 0.4). "
    "keyword: keywords (1..50 words or phrases, matched ignoring case and accents on word "
    "boundaries). high_reach: min_reach (default 10000)."
)


def parse_params(kind: AlertKind, params: dict[str, Any]) -> Any:
    """The typed params of a kind; raises pydantic's ValidationError on bad input."""
    return PARAMS_MODELS[kind].model_validate(params)


def normalize_params(kind: AlertKind, params: dict[str, Any]) -> dict[str, Any]:
    return parse_params(kind, params).model_dump(mode="json")


def _unique_emails(value: list[str] | None) -> list[str] | None:
    return None if value is None else _dedupe(value)


class AlertRuleCreate(BaseModel):
    name: RuleName
    kind: AlertKind
    watch_id: uuid.UUID | None = Field(None, description="A watch of this workspace; omit "
                                                         "for all of them.")
    # validate_default: a missing `params` still gets the kind's defaults.
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DOC,
                                   validate_default=True)
    notify_emails: Emails = Field(default_factory=list)
    slack_webhook: HttpUrl | None = Field(None, description="A Slack-compatible incoming "
                                          "webhook URL. Stored encrypted, never returned.")
    notify_webhooks: bool = Field(True, description="Also publish alert events to the "
                                                    "organization's outgoing webhooks.")
    cooldown_minutes: Cooldown = 60
    enabled: bool = True

    @field_validator("params")
    @classmethod
    def _params_of_kind(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        kind = info.data.get("kind")
        # Without a valid kind the kind's own error is the one worth reporting.
        return normalize_params(kind, value) if kind is not None else value

    _emails = field_validator("notify_emails")(_unique_emails)


class AlertRuleUpdate(BaseModel):
    """Fields left out stay as they are. `params` is merged into the current ones;
    `watch_id: null` means every watch and `slack_webhook: null` removes the webhook."""

    name: RuleName | None = None
    watch_id: uuid.UUID | None = None
    params: dict[str, Any] | None = Field(None, description=PARAMS_DOC)
    notify_emails: Emails | None = None
    slack_webhook: HttpUrl | None = None
    notify_webhooks: bool | None = None
    cooldown_minutes: Cooldown | None = None
    enabled: bool | None = None

    _emails = field_validator("notify_emails")(_unique_emails)


class AlertRuleRead(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    kind: AlertKind
    watch_id: uuid.UUID | None
    params: dict[str, Any]
    notify_emails: list[str]
    slack_webhook_set: bool
    notify_webhooks: bool
    cooldown_minutes: int
    enabled: bool
    created_at: datetime
    updated_at: datetime


SlackDelivery = Literal["pending", "sent", "failed"]


class AlertRead(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    rule_id: uuid.UUID | None
    kind: AlertKind
    status: AlertStatus
    title: str
    details: dict[str, Any] = Field(description="What was measured: counts, baseline, "
                                                "threshold, matched keywords…")
    occurrences: int = Field(description="Matching mentions gathered by this alert.")
    notified_occurrences: int
    evidence_count: int
    first_triggered_at: datetime
    last_triggered_at: datetime
    notified_at: datetime | None
    slack_delivery: SlackDelivery | None = None
    acknowledged_by: uuid.UUID | None
    acknowledged_at: datetime | None
    created_at: datetime


class EvidenceMention(BaseModel):
    id: uuid.UUID
    url: str
    title: str | None
    excerpt: str
    author: str | None
    sentiment: str
    reach: int
    published_at: datetime


class AlertDetail(AlertRead):
    evidence: list[EvidenceMention]
