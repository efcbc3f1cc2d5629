"""Rep sessions (signed, HttpOnly, SameSite cookies), CSRF tokens and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web

from bot.rate_limit import sliding_window

COOKIE_NAME = "leadbot_session"
DEVICE_COOKIE_NAME = "leadbot_device"  # set where a rep signed in before: a stranger's failures can't lock it out
SESSION_SECONDS = 12 * 3600
DEVICE_SECONDS = 365 * 24 * 3600
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_SECONDS = 15 * 60
# Failed sign-ins allowed per window: one address guessing one account, one address trying many accounts, and
# one account guessed from anywhere (this last one is skipped in the rep's own browser, so it cannot be turned
# into a lockout of the rep).
PER_ADDRESS_AND_ACCOUNT = LOGIN_ATTEMPTS
PER_ADDRESS = 30
PER_ACCOUNT = 20


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SessionCookie:
    rep_id: int
    session_id: str  # the server-side session (bot.db.models.RepSession) that signing out revokes


def new_session_id() -> str:
    return secrets.token_hex(16)


def issue_session(secret: str, rep_id: int, session_id: str, now: float | None = None) -> str:
    """A cookie value naming the rep, its server-side session and its expiry, signed with SESSION_SECRET."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    payload = f"{rep_id}.{expires}.{session_id}"
    return f"{payload}.{_sign(secret, payload)}"


def read_session(keys: Iterable[str], value: str | None, now: float | None = None) -> SessionCookie | None:
    """The rep and session in a valid, unexpired cookie signed with one of `keys` (SESSION_SECRET and the keys
    rotated out but still accepted); None otherwise (the server still checks revocation)."""
    if not value or value.count(".") != 3:
        return None
    rep_id, expires, session_id, signature = value.split(".")
    payload = f"{rep_id}.{expires}.{session_id}"
    if not any(hmac.compare_digest(signature, _sign(key, payload)) for key in keys):
        return None
    if not (rep_id.isdigit() and expires.isdigit()) or int(expires) < (now or time.time()):
        return None
    return SessionCookie(int(rep_id), session_id)


def device_token(secret: str, email: str) -> str:
    """The value of the device cookie for the account `email` (what marks a rep's own browser)."""
    return _sign(secret, f"device:{email.strip().lower()}")


def is_own_device(keys: Iterable[str], email: str, cookie: str) -> bool:
    """Whether the device cookie marks this browser as the rep's own (signed with any accepted key)."""
    return any(hmac.compare_digest(cookie, device_token(key, email)) for key in keys)


def sign_in_limits(address: str, email: str, own_device: bool) -> dict[str, int]:
    """The throttle keys a sign-in attempt counts against, each with its limit."""
    account = email.strip().lower()
    limits = {f"ip-email:{address}:{account}": PER_ADDRESS_AND_ACCOUNT, f"ip:{address}": PER_ADDRESS}
    if not own_device:
        limits[f"email:{account}"] = PER_ACCOUNT
    return limits


def csrf_token(secret: str, session_value: str) -> str:
    """A per-session token that state-changing requests must send back."""
    return _sign(secret, f"csrf:{session_value}")


def set_session_cookie(response: web.StreamResponse, value: str, secure: bool) -> None:
    response.set_cookie(COOKIE_NAME, value, max_age=SESSION_SECONDS, httponly=True, samesite="Strict",
                        secure=secure, path="/")


def set_device_cookie(response: web.StreamResponse, value: str, secure: bool) -> None:
    response.set_cookie(DEVICE_COOKIE_NAME, value, max_age=DEVICE_SECONDS, httponly=True, samesite="Strict",
                        secure=secure, path="/inbox")


class LoginRateLimiter:
    """Failed sign-ins per key in a sliding window, each key with its own limit (see `sign_in_limits`)."""

    def __init__(self, window: float = LOGIN_WINDOW_SECONDS, redis_url: str = "") -> None:
        self._failures = sliding_window(window, redis_url, "sign-in:")  # shared by the web workers with Redis

    def allowed(self, limits: dict[str, int], now: float | None = None) -> bool:
        now = now or time.time()
        return all(self._failures.count(key, now) < limit for key, limit in limits.items())

    def failed(self, keys: Iterable[str], now: float | None = None) -> None:
        for key in keys:
            self._failures.record(key, now or time.time())

    def succeeded(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._failures.clear(key)
