"""Meeting links: only a link we signed opens a meeting."""

from bot.meetings.manage_links import manage_link, sign, verify

SECRET = "s" * 32
MEETING = "0123456789abcdef0123456789abcdef"


def test_a_signed_link_names_its_meeting_and_nothing_else_does():
    token = sign(SECRET, MEETING)
    assert verify(SECRET, token) == MEETING
    assert manage_link("https://example.com/meetings", SECRET, MEETING) == f"https://example.com/meetings/{token}"
    other = "f" * 32
    assert verify(SECRET, f"{other}.{token.split('.')[1]}") is None  # a signature moved to another meeting
    assert verify("t" * 32, token) is None  # signed with another secret
    for forged in ("", MEETING, token + "0", token.upper(), f"{MEETING}.{'0' * 32}", "../../etc"):
        assert verify(SECRET, forged) is None
