"""Password hashing for rep accounts (argon2id)."""

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _no_account_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))


def verify_without_account(password: str) -> bool:
    """Do a real check's work for an email with no account, and fail: both answers take as long, so sign-in
    cannot be used to find out which emails have accounts."""
    verify_password(_no_account_hash(), password)
    return False
