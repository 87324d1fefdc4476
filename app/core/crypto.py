"""Secrets at rest (channel tokens, webhook secrets): Fernet with rotating keys.

ENCRYPTION_KEYS lists Fernet keys, newest first: the first encrypts, all decrypt, and
`rotate()` re-encrypts a value under the newest key. The embedded default generates one
key in its data folder.
"""

from cryptography.fernet import Fernet, MultiFernet

from app.core.config import get_settings


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in (get_settings().encryption_keys or "").split(",") if k.strip()]
    if not keys:
        raise RuntimeError("ENCRYPTION_KEYS is not configured")
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()
