"""Users and their credentials. Not tenant data: a user may belong to many organizations."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.models import id_field, timestamp_field


class Locale(StrEnum):
    fr = "fr"
    en = "en"


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (sa.Index("uq_users_email_lower", sa.text("lower(email)"), unique=True),)

    id: uuid.UUID = id_field()
    email: str = Field(max_length=320)
    full_name: str = Field(default="", max_length=200)
    password_hash: str
    locale: Locale = Field(default=Locale.en, sa_type=sa.String(2))
    is_active: bool = True
    email_verified_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class RefreshToken(SQLModel, table=True):
    """One row per issued refresh token; a family is one login's chain of rotations."""

    __tablename__ = "refresh_tokens"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    family_id: uuid.UUID = Field(index=True)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = timestamp_field(nullable=True)
    revoked_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()


class TokenPurpose(StrEnum):
    password_reset = "password_reset"
    email_verification = "email_verification"


class OneTimeToken(SQLModel, table=True):
    """Marks a signed single-use token (password reset, email verification) as spent."""

    __tablename__ = "one_time_tokens"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    purpose: TokenPurpose = Field(sa_type=sa.String(32))
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
