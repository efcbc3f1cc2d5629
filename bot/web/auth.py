"""Rep sessions (signed, HttpOnly, SameSite cookies), CSRF tokens and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import time

from aiohttp import web

from bot.rate_limit import SlidingWindow

COOKIE_NAME = "leadbot_session"
SESSION_SECONDS = 12 * 3600
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_SECONDS = 15 * 60


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def issue_session(secret: str, rep_id: int, now: float | None = None) -> str:
    """A cookie value naming the rep and its expiry, signed with SESSION_SECRET."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    payload = f"{rep_id}.{expires}"
    return f"{payload}.{_sign(secret, payload)}"


def read_session(secret: str, value: str | None, now: float | None = None) -> int | None:
    """The rep id in a valid, unexpired cookie; None otherwise."""
    if not value or value.count(".") != 2:
        return None
    rep_id, expires, signature = value.split(".")
    if not hmac.compare_digest(signature, _sign(secret, f"{rep_id}.{expires}")):
        return None
    if not (rep_id.isdigit() and expires.isdigit()) or int(expires) < (now or time.time()):
        return None
    return int(rep_id)


def csrf_token(secret: str, session_value: str) -> str:
    """A per-session token that state-changing requests must send back."""
    return _sign(secret, f"csrf:{session_value}")


def set_session_cookie(response: web.StreamResponse, value: str, secure: bool) -> None:
    response.set_cookie(COOKIE_NAME, value, max_age=SESSION_SECONDS, httponly=True, samesite="Strict",
                        secure=secure, path="/")


class LoginRateLimiter:
    """At most LOGIN_ATTEMPTS failed sign-ins per key (e.g. per account) in a sliding window."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window: float = LOGIN_WINDOW_SECONDS) -> None:
        self.attempts = attempts
        self._failures = SlidingWindow(window)

    def allowed(self, keys: list[str], now: float | None = None) -> bool:
        now = now or time.time()
        return all(self._failures.count(key, now) < self.attempts for key in keys)

    def failed(self, keys: list[str], now: float | None = None) -> None:
        for key in keys:
            self._failures.record(key, now or time.time())

    def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.clear(key)
