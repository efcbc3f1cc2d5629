"""A conversation's applied events (what is left after undos, rewinds and form loops), worked out once per event
instead of from the first event on every call.

Hook: `DialogueStateTracker.applied_events`, which Rasa calls about six times for each message (predicting,
replaying states, running forms), each time walking the whole conversation: one of the costs that made a
message later in a conversation dearer than an early one. Here the result is kept on the tracker with how many
events it covers; a later call applies only the new events, by the same steps as Rasa's. It starts afresh
when the kept events are no longer the tracker's first ones (history trimmed or replaced) or when a new event
names a form not seen before (Rasa treats every earlier run of a form's action by whether the form appears
anywhere in the conversation).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

KEPT_ATTRIBUTE = "_incremental_applied_events"


@dataclass
class _KeptApplied:
    loop_names: frozenset[str]
    first: Event | None = None  # the tracker's first event when this was kept
    last: Event | None = None  # the last event applied
    seen: int = 0  # how many of the tracker's events are applied
    applied: list[Event] = field(default_factory=list)


def _loop_names(events: list[Event] | tuple[Event, ...]) -> frozenset[str]:
    return frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)


def _still_valid(kept: _KeptApplied | None, tracker: DialogueStateTracker) -> bool:
    events = tracker.events
    if kept is None or len(events) < kept.seen:
        return False
    if kept.seen == 0:
        return True
    return events[0] is kept.first and events[kept.seen - 1] is kept.last


def _apply(tracker: DialogueStateTracker, kept: _KeptApplied, event: Event) -> None:
    """One step of Rasa's `applied_events` loop."""
    applied = kept.applied
    if isinstance(event, (Restarted, SessionStarted)):
        applied.clear()
    elif isinstance(event, ActionReverted):
        tracker._undo_till_previous(ActionExecuted, applied)
    elif isinstance(event, UserUtteranceReverted):
        tracker._undo_till_previous(UserUttered, applied)
        tracker._undo_till_previous(ActionExecuted, applied)
    elif (isinstance(event, ActionExecuted) and event.action_name in kept.loop_names
          and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
        tracker._undo_till_previous_loop_execution(event.action_name, applied)
    else:
        applied.append(event)


def applied_events_kept(tracker: DialogueStateTracker) -> list[Event]:
    """What `DialogueStateTracker.applied_events` returns, applying only the events added since the last call."""
    kept: _KeptApplied | None = tracker.__dict__.get(KEPT_ATTRIBUTE)
    valid = _still_valid(kept, tracker)
    new_events = list(itertools.islice(tracker.events, kept.seen if kept and valid else 0, None))
    new_loops = _loop_names(new_events)
    if kept is None or not valid or not new_loops <= kept.loop_names:
        kept = _KeptApplied(_loop_names(tuple(tracker.events)))
        new_events = list(tracker.events)
        tracker.__dict__[KEPT_ATTRIBUTE] = kept
    for event in new_events:
        _apply(tracker, kept, event)
    if new_events:
        kept.seen += len(new_events)
        kept.first, kept.last = tracker.events[0], new_events[-1]
    return list(kept.applied)  # a copy: callers may change theirs


def install() -> None:
    """Route `DialogueStateTracker.applied_events` through the kept result (idempotent)."""
    original = DialogueStateTracker.applied_events
    if getattr(original, "_kept", False):
        return

    @functools.wraps(original)
    def applied_events(self: DialogueStateTracker) -> list[Event]:
        return applied_events_kept(self)

    applied_events._kept = True  # type: ignore[attr-defined]
    DialogueStateTracker.applied_events = applied_events
