"""Column helpers shared by every domain's SQLModel tables."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def id_field() -> uuid.UUID:
    return Field(default_factory=uuid.uuid4, primary_key=True)


def timestamp_field(*, nullable: bool = False, index: bool = False) -> datetime | None:
    kwargs: dict = {"sa_type": sa.DateTime(timezone=True), "nullable": nullable, "index": index}
    if not nullable:
        kwargs["default_factory"] = utcnow
    else:
        kwargs["default"] = None
    return Field(**kwargs)


def org_fk(*, nullable: bool = False) -> uuid.UUID:
    return Field(
        default=None if nullable else ...,
        foreign_key="organizations.id",
        ondelete="CASCADE",
        index=True,
        nullable=nullable,
    )


def workspace_fk(*, nullable: bool = False) -> uuid.UUID:
    return Field(
        default=None if nullable else ...,
        foreign_key="workspaces.id",
        ondelete="CASCADE",
        index=True,
        nullable=nullable,
    )


def text_array_field() -> list[str]:
    return Field(
        default_factory=list,
        sa_type=sa.ARRAY(sa.Text()),
        sa_column_kwargs={"server_default": "{}"},
    )


__all__ = ["SQLModel", "id_field", "org_fk", "text_array_field", "timestamp_field", "utcnow",
           "workspace_fk"]
