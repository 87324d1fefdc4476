"""One Settings object, read from the environment and an optional `.env` file."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # An empty variable (DATABASE_URL=) means unset: the embedded default.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    environment: Literal["development", "test", "production"] = "development"
    # Unset DATABASE_URL / REDIS_URL select the embedded servers (app/core/embedded.py).
    database_url: str | None = None
    redis_url: str | None = None
    # Where the embedded servers, the generated secret and the mail outbox live.
    data_dir: Path = Path(".vigie")
    # Role the API and workers run their queries as: not the tables' owner, so row-level
    # security applies even when DATABASE_URL names a superuser.
    database_app_role: str = "vigie_app"
    database_pool_size: int = 10

    secret_key: str | None = None
    jwt_issuer: str = "vigie"
    jwt_audience: str = "vigie-api"
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    # Comma-separated Fernet keys for secrets at rest; the first encrypts, all decrypt.
    encryption_keys: str | None = None

    # Unset: this API's own address (HOST/PORT), where `vigie run` also serves the SPA.
    public_url: str = ""
    app_url: str = ""
    cors_origins: list[str] = Field(default_factory=list)

    # smtp://user:pass@host:port (or smtps://); unset means mails go to the outbox table only.
    smtp_url: str | None = None
    mail_from: str = "Vigie <no-reply@vigie.local>"

    rate_limit_user_per_minute: int = 600
    rate_limit_api_key_per_minute: int = 300
    # What to do when Redis cannot be reached: "open" lets requests through (logged),
    # "closed" answers 503. Availability first by default; see README.
    rate_limit_on_redis_error: Literal["open", "closed"] = "open"

    # Per-source API base URLs (JSON object, e.g. {"hackernews": "http://127.0.0.1:9000"}):
    # self-hosted mirrors, and the local fake servers the tests run.
    connector_base_urls: dict[str, str] = Field(default_factory=dict)
    # Feed, page and instance URLs come from users: by default collectors refuse private and
    # loopback addresses (SSRF). Unset means allowed only on the embedded default, whose demo
    # feeds are served on 127.0.0.1.
    allow_private_sources: bool | None = None

    # Child processes of each worker that score language and sentiment while the worker
    # stores mentions (app/listening/enrichment.py); 0 scores in the worker's own process.
    scoring_processes: int = Field(default=1, ge=0, le=16)

    log_level: str = "INFO"
    log_json: bool = True

    host: str = "127.0.0.1"
    port: int = 8000
    # The built SPA (`npm run build` in frontend/), served at / when its index.html exists.
    # Empty: the API serves no SPA (production puts it behind a web server or a CDN).
    spa_dir: Path | None = Path(__file__).resolve().parents[2] / "frontend" / "dist"

    @model_validator(mode="after")
    def _default_urls(self) -> "Settings":
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104
        own = f"http://{host}:{self.port}"
        self.public_url = (self.public_url or own).rstrip("/")
        self.app_url = (self.app_url or self.public_url).rstrip("/")
        return self

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and not value.startswith("["):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    # Set by app.core.embedded once it started the embedded servers; not configured by hand.
    embedded_servers: bool = False

    @property
    def private_sources_allowed(self) -> bool:
        if self.allow_private_sources is not None:
            return self.allow_private_sources
        return self.embedded_servers

    @property
    def embedded(self) -> bool:
        return self.database_url is None or self.redis_url is None


@lru_cache
def get_settings() -> Settings:
    return Settings()
