"""Meeting links: only a link we signed opens a meeting; one signed with a rotated-out key, only in its grace."""

from datetime import datetime, timedelta, timezone

from bot.key_ring import KeyRing, PreviousKey
from bot.meetings.manage_links import manage_link, sign, verify

SECRET = "s" * 32
KEYS = KeyRing(SECRET)
MEETING = "0123456789abcdef0123456789abcdef"


def test_a_signed_link_names_its_meeting_and_nothing_else_does():
    token = sign(SECRET, MEETING)
    assert verify(KEYS, token) == MEETING
    assert manage_link("https://example.com/meetings", SECRET, MEETING) == f"https://example.com/meetings/{token}"
    other = "f" * 32
    assert verify(KEYS, f"{other}.{token.split('.')[1]}") is None  # a signature moved to another meeting
    assert verify(KeyRing("t" * 32), token) is None  # signed with another secret
    for forged in ("", MEETING, token + "0", token.upper(), f"{MEETING}.{'0' * 32}", "../../etc"):
        assert verify(KEYS, forged) is None


def test_a_link_from_before_a_rotation_opens_until_the_old_key_expires():
    old_link = sign("o" * 32, MEETING)
    now = datetime.now(timezone.utc)
    assert verify(KeyRing(SECRET, (PreviousKey("o" * 32, now + timedelta(days=1)),)), old_link) == MEETING
    assert verify(KeyRing(SECRET, (PreviousKey("o" * 32, now - timedelta(days=1)),)), old_link) is None
