"""Rep sessions, CSRF tokens and login rate limiting."""

from bot.web.auth import LoginRateLimiter, csrf_token, issue_session, read_session

SECRET = "s" * 32


def test_session_round_trip_and_expiry():
    value = issue_session(SECRET, 7, now=1000)
    assert read_session(SECRET, value, now=1001) == 7
    assert read_session(SECRET, value, now=1000 + 13 * 3600) is None


def test_tampered_or_foreign_sessions_are_refused():
    value = issue_session(SECRET, 7, now=1000)
    rep_id, expires, signature = value.split(".")
    assert read_session(SECRET, f"8.{expires}.{signature}", now=1001) is None
    assert read_session("another-secret-of-32-characters!", value, now=1001) is None
    for junk in (None, "", "7", "a.b.c", "7.9999999999.", "../../etc"):
        assert read_session(SECRET, junk, now=1001) is None


def test_csrf_token_is_bound_to_the_session():
    first, second = issue_session(SECRET, 1), issue_session(SECRET, 2)
    assert csrf_token(SECRET, first) != csrf_token(SECRET, second)
    assert csrf_token(SECRET, first) == csrf_token(SECRET, first)


def test_rate_limiter_blocks_after_five_failures_then_forgets():
    limiter = LoginRateLimiter(attempts=5, window=60)
    keys = ["ip:1.2.3.4", "email:a@b.co"]
    for second in range(5):
        assert limiter.allowed(keys, now=100 + second)
        limiter.failed(keys, now=100 + second)
    assert not limiter.allowed(keys, now=106)
    assert not limiter.allowed(["ip:9.9.9.9", "email:a@b.co"], now=106)  # same email, other address
    assert limiter.allowed(keys, now=170)
