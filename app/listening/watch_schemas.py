import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, BaseModel, Field, StringConstraints, model_validator

from app.core.types import Name, NoNul
from app.listening.models import WatchKind, WatchStatus

SourceName = Literal["rss", "hackernews", "reddit", "mastodon", "bluesky", "youtube", "web"]
NewsEngine = Literal["google_news", "bing_news"]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
QueryText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=1000), NoNul]


class SourceSpec(BaseModel):
    """One place a watch listens to. Options by source:
    rss: `url` (any RSS/Atom feed) or `engine` (google_news / bing_news: a news search feed
    built from the query); mastodon: `instance` (https://…), optional `hashtag`;
    reddit: optional `subreddit`; web: `url` of the page to watch; youtube: `api_key`
    (write-only, stored encrypted)."""

    source: SourceName
    url: AnyHttpUrl | None = None
    engine: NewsEngine | None = None
    instance: AnyHttpUrl | None = None
    hashtag: Annotated[str, StringConstraints(pattern=r"^#?\w{1,100}$")] | None = None
    subreddit: Annotated[str, StringConstraints(pattern=r"^\w{2,21}$")] | None = None
    api_key: Annotated[str, StringConstraints(min_length=10, max_length=200)] | None = None

    @model_validator(mode="after")
    def _required_options(self) -> "SourceSpec":
        needs = {"web": self.url, "mastodon": self.instance, "youtube": self.api_key}
        if self.source in needs and not needs[self.source]:
            field = {"web": "url", "mastodon": "instance", "youtube": "api_key"}[self.source]
            raise ValueError(f"source '{self.source}' needs '{field}'")
        if self.source == "rss" and not (self.url or self.engine):
            raise ValueError("source 'rss' needs 'url' or 'engine'")
        return self

    def options(self) -> dict[str, str]:
        values = {"url": self.url, "engine": self.engine, "instance": self.instance,
                  "hashtag": self.hashtag.lstrip("#") if self.hashtag else None,
                  "subreddit": self.subreddit}
        return {k: str(v) for k, v in values.items() if v is not None}


class WatchBase(BaseModel):
    kind: WatchKind = WatchKind.brand
    languages: Annotated[list[Lang], Field(max_length=10)] = Field(default_factory=list)
    interval_minutes: Annotated[int, Field(ge=5, le=1440)] = 15


class WatchCreate(WatchBase):
    name: Name
    query: QueryText
    sources: Annotated[list[SourceSpec], Field(min_length=1, max_length=20)]
    status: WatchStatus = WatchStatus.active


class WatchUpdate(BaseModel):
    name: Name | None = None
    kind: WatchKind | None = None
    query: QueryText | None = None
    languages: Annotated[list[Lang], Field(max_length=10)] | None = None
    interval_minutes: Annotated[int, Field(ge=5, le=1440)] | None = None
    status: WatchStatus | None = None
    sources: Annotated[list[SourceSpec], Field(min_length=1, max_length=20)] | None = None


class SourceHealth(BaseModel):
    id: uuid.UUID
    source: str
    options: dict[str, Any]
    api_key_set: bool
    status: Literal["ok", "pending", "failing", "needs_attention"]
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error_kind: str | None
    last_error: str | None
    next_run_at: datetime | None
    items_total: int


class WatchRead(WatchBase):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    query: str
    status: WatchStatus
    sources: list[SourceHealth]
    created_at: datetime
    updated_at: datetime


class PreviewRequest(BaseModel):
    query: QueryText
    languages: Annotated[list[Lang], Field(max_length=10)] = Field(default_factory=list)
    sources: Annotated[list[SourceSpec], Field(min_length=1, max_length=20)]
    limit: Annotated[int, Field(ge=1, le=100)] = 30


class PreviewItem(BaseModel):
    source: str
    url: str
    title: str | None
    text: str
    author: str | None
    published_at: datetime
    lang: str | None
    sentiment: str
    sentiment_score: float
    reach: int


class PreviewSourceResult(BaseModel):
    source: str
    options: dict[str, str]
    fetched: int
    matched: int
    error_kind: str | None = None
    error: str | None = None


class PreviewResponse(BaseModel):
    items: list[PreviewItem]
    sources: list[PreviewSourceResult]
