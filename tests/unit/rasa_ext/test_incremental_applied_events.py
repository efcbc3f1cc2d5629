"""Kept applied events equal Rasa's own after every event of a conversation that runs forms, is rewound,
undone and restarted, and later starts a form it ran an action of before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext import incremental_applied_events
from bot.rasa_ext.incremental_applied_events import KEPT_ATTRIBUTE, applied_events_kept
from tests.support.rewinding_conversation import CONVERSATION, said

RASA_APPLIED_EVENTS: Callable[[DialogueStateTracker], list[Event]] = DialogueStateTracker.applied_events


def test_equal_to_rasas_after_every_event() -> None:
    tracker = DialogueStateTracker("visitor", [])
    for event in CONVERSATION:
        tracker.update(event)
        fresh = DialogueStateTracker.from_events("visitor", list(tracker.events))
        assert applied_events_kept(tracker) == RASA_APPLIED_EVENTS(fresh), f"after {event}"


def test_only_new_events_are_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:30])
    applied_events_kept(tracker)
    kept = tracker.__dict__[KEPT_ATTRIBUTE]
    steps: list[Event] = []
    monkeypatch.setattr(incremental_applied_events, "_apply",
                        lambda tracker, kept, event, apply=incremental_applied_events._apply:
                        steps.append(event) or apply(tracker, kept, event))
    new = said("thanks", "thank")
    for event in new:
        tracker.update(event)
    assert applied_events_kept(tracker)[-2:] == new
    assert steps == new and tracker.__dict__[KEPT_ATTRIBUTE] is kept


def test_trimmed_history_starts_afresh() -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:30], max_event_history=20)
    applied_events_kept(tracker)
    tracker.update(ActionExecuted("utter_greet"))  # the oldest event falls out of the history
    fresh = DialogueStateTracker.from_events("visitor", list(tracker.events))
    assert applied_events_kept(tracker) == RASA_APPLIED_EVENTS(fresh)


def test_the_result_is_a_copy() -> None:
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION[:30])
    applied_events_kept(tracker).clear()
    assert applied_events_kept(tracker) == RASA_APPLIED_EVENTS(tracker)


def test_install_routes_rasa_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DialogueStateTracker, "applied_events", RASA_APPLIED_EVENTS)
    incremental_applied_events.install()
    incremental_applied_events.install()
    tracker = DialogueStateTracker.from_events("visitor", CONVERSATION)
    assert tracker.applied_events() == RASA_APPLIED_EVENTS(tracker)
    assert KEPT_ATTRIBUTE in tracker.__dict__
    assert DialogueStateTracker.applied_events.__wrapped__ is RASA_APPLIED_EVENTS
