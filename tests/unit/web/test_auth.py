"""Rep sessions, CSRF tokens and login rate limiting."""

from bot.web.auth import (
    LoginRateLimiter,
    SessionCookie,
    csrf_token,
    device_token,
    is_own_device,
    issue_session,
    new_session_id,
    read_session,
    sign_in_limits,
)

SECRET = "s" * 32


SID = "0123456789abcdef0123456789abcdef"


def test_session_round_trip_and_expiry():
    value = issue_session(SECRET, 7, SID, now=1000)
    assert read_session([SECRET], value, now=1001) == SessionCookie(7, SID)
    assert read_session([SECRET], value, now=1000 + 13 * 3600) is None


def test_tampered_or_foreign_sessions_are_refused():
    value = issue_session(SECRET, 7, SID, now=1000)
    rep_id, expires, sid, signature = value.split(".")
    assert read_session([SECRET], f"8.{expires}.{sid}.{signature}", now=1001) is None
    assert read_session([SECRET], f"7.{expires}.{'f' * 32}.{signature}", now=1001) is None
    assert read_session(["another-secret-of-32-characters!"], value, now=1001) is None
    for junk in (None, "", "7", "a.b.c", "7.9999999999.", "a.b.c.d", "../../etc"):
        assert read_session([SECRET], junk, now=1001) is None


def test_csrf_token_is_bound_to_the_session():
    first, second = issue_session(SECRET, 1, new_session_id()), issue_session(SECRET, 1, new_session_id())
    assert csrf_token(SECRET, first) != csrf_token(SECRET, second)
    assert csrf_token(SECRET, first) == csrf_token(SECRET, first)


def test_rate_limiter_blocks_after_five_failures_then_forgets():
    limiter = LoginRateLimiter(window=60)
    limits = sign_in_limits("1.2.3.4", "a@b.co", own_device=False)
    for second in range(5):
        assert limiter.allowed(limits, now=100 + second)
        limiter.failed(limits, now=100 + second)
    assert not limiter.allowed(limits, now=106)
    assert limiter.allowed(sign_in_limits("9.9.9.9", "a@b.co", own_device=False), now=106)  # other address
    assert limiter.allowed(limits, now=170)


def test_a_stranger_cannot_lock_a_rep_out_of_their_own_browser():
    limiter = LoginRateLimiter(window=900)
    for n in range(25):  # guesses at rita's password from many addresses
        attempt = sign_in_limits(f"10.0.0.{n}", "rita@example.com", own_device=False)
        if limiter.allowed(attempt, now=100):
            limiter.failed(attempt, now=100)
    assert not limiter.allowed(sign_in_limits("10.9.9.9", "rita@example.com", own_device=False), now=101)
    assert limiter.allowed(sign_in_limits("192.168.1.5", "Rita@example.com ", own_device=True), now=101)


def test_one_address_trying_many_accounts_is_throttled():
    limiter = LoginRateLimiter(window=900)
    statuses = []
    for n in range(31):
        attempt = sign_in_limits("6.6.6.6", f"rep{n}@example.com", own_device=False)
        statuses.append(limiter.allowed(attempt, now=100))
        limiter.failed(attempt, now=100)
    assert statuses[:30] == [True] * 30 and statuses[30] is False
    assert device_token("s" * 32, "Rita@Example.com") == device_token("s" * 32, "rita@example.com")


def test_a_rotated_out_session_key_keeps_reps_signed_in_only_while_it_is_accepted():
    old = "o" * 32
    value = issue_session(old, 7, SID, now=1000)
    assert read_session([SECRET, old], value, now=1001) == SessionCookie(7, SID)  # within the grace period
    assert read_session([SECRET], value, now=1001) is None  # the grace period is over
    assert is_own_device([SECRET, old], "rita@example.com", device_token(old, "rita@example.com"))
    assert not is_own_device([SECRET], "rita@example.com", device_token(old, "rita@example.com"))
