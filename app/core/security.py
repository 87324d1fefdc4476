"""Tokens and password hashes. The only module that imports jose.

JWTs are HS256 only, with `algorithms` always explicit and `exp`, `iat`, `sub`, `aud`, `iss`
required. Opaque secrets (refresh tokens, API keys) are random strings stored as SHA-256.
"""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from app.core.config import get_settings

ALGORITHM = "HS256"
MIN_SECRET_BYTES = 32
REQUIRED_CLAIMS = ("exp", "iat", "sub", "aud", "iss")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class InvalidToken(Exception):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_secret(secret: str | None) -> str:
    if not secret or len(secret.encode()) < MIN_SECRET_BYTES:
        raise ValueError(f"SECRET_KEY must be set to at least {MIN_SECRET_BYTES} bytes")
    return secret


def _secret() -> str:
    return check_secret(get_settings().secret_key)


def encode_token(subject: str, *, audience: str, lifetime: timedelta,
                 claims: dict[str, Any] | None = None) -> str:
    settings = get_settings()
    now = datetime.now(UTC)
    payload = {
        **(claims or {}),
        "sub": subject,
        "aud": audience,
        "iss": settings.jwt_issuer,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, _secret(), algorithm=ALGORITHM)


def decode_token(token: str, *, audience: str) -> dict[str, Any]:
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        claims = jwt.decode(
            token,
            _secret(),
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=settings.jwt_issuer,
            options={"require_" + c: True for c in REQUIRED_CLAIMS} | {"leeway": 0},
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    missing = [c for c in REQUIRED_CLAIMS if c not in claims]
    if missing:
        raise InvalidToken(f"missing claims: {missing}")
    return claims


def create_access_token(user_id: uuid.UUID) -> str:
    minutes = get_settings().access_token_minutes
    return encode_token(str(user_id), audience=get_settings().jwt_audience,
                        lifetime=timedelta(minutes=minutes))


def decode_access_token(token: str) -> uuid.UUID:
    claims = decode_token(token, audience=get_settings().jwt_audience)
    try:
        return uuid.UUID(claims["sub"])
    except (ValueError, TypeError) as exc:
        raise InvalidToken("bad subject") from exc


def new_opaque_token(prefix: str = "", nbytes: int = 32) -> str:
    return prefix + secrets.token_urlsafe(nbytes)


def hash_opaque_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
