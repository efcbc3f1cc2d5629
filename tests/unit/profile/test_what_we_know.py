"""What we hold about a visitor, as the lines the chat shows them."""

from bot.profile.visitor_store import StoredProfile
from bot.profile.what_we_know import what_we_know


def test_every_stored_thing_is_a_line_in_the_profiles_order():
    profile = StoredProfile(facts={"timeline": "this quarter", "goal": "faster onboarding", "role": "skipped"},
                            email="dana@example.com", opted_out=True)
    assert what_we_know(profile) == ["- Goal: faster onboarding", "- Timeline: this quarter",
                                     "- Email: dana@example.com", "- You asked us not to contact you"]


def test_nothing_stored_is_no_lines():
    assert what_we_know(StoredProfile()) == []
