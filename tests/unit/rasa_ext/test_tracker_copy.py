"""Copying a tracker's state gives what Rasa's replaying copy gives, after every event of a conversation that
runs and interrupts a form, pauses, schedules follow-ups, rewinds, undoes and restarts; and the copy is
independent of the original, as Rasa's is."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.paths import PROJECT_ROOT
from bot.rasa_ext import tracker_copy
from tests.support.rewinding_conversation import CONVERSATION, said

RASAS_OWN = getattr(DialogueStateTracker.copy, "__wrapped__", DialogueStateTracker.copy)
RASAS_FORM_TRACKER = getattr(FormAction._temporary_tracker, "__wrapped__", FormAction._temporary_tracker)
MORE: list[Event] = [
    *said("we want more leads", "share_goal"), ActionExecuted("discovery_form"), ActiveLoop("discovery_form"),
    SlotSet("requested_slot", "challenge"), BotUttered("What stands in the way?"), ActionExecuted("action_listen"),
    *said("wait, who are you?", "bot_challenge"), LoopInterrupted(True), ActionExecuted("utter_iamabot"),
    ActionExecutionRejected("discovery_form"), FollowupAction("action_listen"), ConversationPaused(),
    *said("hello?", "greet"), ConversationResumed(), ActionExecuted("discovery_form"), SlotSet("goal", None),
]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain.yml")


def _snapshot(tracker: DialogueStateTracker) -> dict[str, Any]:
    return {
        "state": tracker.current_state(EventVerbosity.ALL),
        "slots": {name: (type(slot), slot.value, slot._has_been_set) for name, slot in tracker.slots.items()},
        "paused": tracker._paused, "followup": tracker.followup_action, "loop": tracker.active_loop,
        "latest_action": tracker.latest_action, "latest_message": tracker.latest_message,
        "latest_bot": tracker.latest_bot_utterance, "events": [id(event) for event in tracker.events],
        "settings": (tracker.sender_id, tracker._max_event_history, tracker.is_rule_tracker, tracker.model_id),
    }


@pytest.mark.parametrize("max_history", [None, 25])
def test_copy_equals_rasas_replay_after_every_event(domain: Domain, max_history: int | None) -> None:
    tracker = DialogueStateTracker("visitor", domain.slots, max_event_history=max_history)
    tracker.model_id = "model"
    for event in CONVERSATION + MORE:
        tracker.update(event)
        assert _snapshot(tracker_copy.copy_state(tracker)) == _snapshot(RASAS_OWN(tracker)), f"after {event}"


def test_the_copy_changes_apart_from_the_original(domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION + MORE[:9], domain.slots)
    before = _snapshot(tracker)
    duplicate = tracker_copy.copy_state(tracker)
    duplicate.update_with_events([SlotSet("goal", "changed"), LoopInterrupted(True),
                                  ActionExecutionRejected("discovery_form"), ActiveLoop(None),
                                  ActionExecuted("utter_greet"), ConversationPaused()], domain)
    assert _snapshot(tracker) == before


def _form_snapshot(tracker: DialogueStateTracker) -> dict[str, Any]:
    # The form's own events are new objects each time: compare them by what they say, not when.
    snapshot = _snapshot(tracker)
    events = [{**event.as_dict(), "timestamp": None} for event in tracker.events]
    snapshot["events"] = events
    snapshot["state"] = {**snapshot["state"], "events": events, "latest_event_time": None}
    return snapshot


def test_form_trackers_equal_rasas_replay_after_every_event(domain: Domain) -> None:
    form = FormAction("discovery_form", None)
    tracker = DialogueStateTracker("visitor", domain.slots)
    copied = 0
    for event in MORE + CONVERSATION:  # the conversation ends with a restart: from there on, Rasa's replay
        tracker.update(event)
        extra = [SlotSet("role", "head of success"), BotUttered("And your role?")]
        expected = RASAS_FORM_TRACKER(form, tracker, extra, domain)
        if tracker_copy._replay_is_a_copy(tracker, domain):
            copied += 1
            assert _form_snapshot(tracker_copy.form_tracker(form, tracker, extra)) == _form_snapshot(expected), \
                f"after {event}"
    assert copied > len(MORE + CONVERSATION) / 2


def test_form_trackers_replay_after_a_restart_or_over_other_slots(domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:10], domain.slots)
    assert tracker_copy._replay_is_a_copy(tracker, domain)
    tracker.update(Restarted())
    assert not tracker_copy._replay_is_a_copy(tracker, domain)
    other_slots = DialogueStateTracker.from_events("visitor", CONVERSATION[:10], domain.slots[1:])
    assert not tracker_copy._replay_is_a_copy(other_slots, domain)


def test_install_routes_rasas_copy_and_is_idempotent(domain: Domain) -> None:
    tracker_copy.install()
    installed = DialogueStateTracker.copy
    tracker_copy.install()
    assert DialogueStateTracker.copy is installed is not RASAS_OWN
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION, domain.slots)
    assert _snapshot(tracker.copy()) == _snapshot(RASAS_OWN(tracker))
