"""A profile left for a session start is taken once, while fresh, and only by a session start's call; the
profile travels as a payload and back unchanged, and anything else is refused."""

from __future__ import annotations

import pytest

from bot.profile.visitor_store import PROFILE_PAYLOAD_SLOT, StoredProfile
from bot.rasa_ext.session_start_profile import FRESH_SECONDS, SessionStartProfiles

KNOWN = StoredProfile(facts={"goal": "faster onboarding"}, email="ann@example.com", opted_out=False,
                      contact="email only")


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def _call(action: str, sender: str = "v1") -> dict:
    return {"next_action": action, "sender_id": sender, "tracker": {"sender_id": sender, "slots": {"goal": None}}}


def test_taken_once_and_only_while_fresh() -> None:
    clock = Clock()
    waiting = SessionStartProfiles(clock)
    waiting.leave("v1", KNOWN)
    assert waiting.take("v1") == KNOWN and waiting.take("v1") is None
    waiting.leave("v1", KNOWN)
    clock.now += FRESH_SECONDS + 1
    assert waiting.take("v1") is None


def test_only_a_session_start_call_carries_it() -> None:
    waiting = SessionStartProfiles()
    waiting.leave("v1", KNOWN)
    other = _call("action_recommend")
    waiting.add_to_call("action_recommend", other)
    assert PROFILE_PAYLOAD_SLOT not in other["tracker"]["slots"]
    start = _call("action_session_start")
    waiting.add_to_call("action_session_start", start)
    assert StoredProfile.from_payload(start["tracker"]["slots"][PROFILE_PAYLOAD_SLOT]) == KNOWN
    again = _call("action_session_start")
    waiting.add_to_call("action_session_start", again)  # taken: the action server reads SQL itself
    assert PROFILE_PAYLOAD_SLOT not in again["tracker"]["slots"]
    stranger = _call("action_session_start", "v2")
    waiting.leave("v1", KNOWN)
    waiting.add_to_call("action_session_start", stranger)
    assert PROFILE_PAYLOAD_SLOT not in stranger["tracker"]["slots"]


@pytest.mark.parametrize("payload", [
    None, "profile", [], {"facts": {}}, {**KNOWN.as_payload(), "extra": 1}, {**KNOWN.as_payload(), "facts": []},
    {**KNOWN.as_payload(), "facts": {"goal": 3}}, {**KNOWN.as_payload(), "email": 5},
    {**KNOWN.as_payload(), "opted_out": "no"}, {**KNOWN.as_payload(), "contact": None},
])
def test_a_payload_that_is_not_a_profile_is_refused(payload) -> None:
    assert StoredProfile.from_payload(payload) is None


def test_payload_round_trip() -> None:
    assert StoredProfile.from_payload(KNOWN.as_payload()) == KNOWN
    assert StoredProfile.from_payload(StoredProfile().as_payload()) == StoredProfile()
