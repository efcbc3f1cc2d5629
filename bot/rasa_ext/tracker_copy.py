"""Tracker copies that take the tracker's state as it is instead of replaying every event.

Rasa copies the conversation before each action it runs (`MessageProcessor._run_action`, so a rejected action's
events can be dropped), and its copy replays every event from the first into a new tracker: profiled at 5% of
the Rasa process's CPU at nine messages, and growing with the conversation. The state a replay rebuilds is the
tracker's current state (Rasa requires it to be re-creatable from the events), so the copy here takes the same
event objects and a copy of that state: slots (each `Slot` copied, as the replay's new tracker does), pause,
follow-up action, latest action, message and bot utterance, and the active loop. Like Rasa's copy, it carries
neither model id, assistant id, sender source nor anything kept on the tracker between calls. A tracker
with a capped history (not this product's) is copied Rasa's way.

Forms do the same: `FormAction._temporary_tracker` (twice per form turn) replays the conversation since its last
restart plus a few events; here it copies the state and applies those few, when that is the same thing (no
restart, the domain's slots).
"""

from __future__ import annotations

import dataclasses
import functools

from rasa.core.actions.forms import FormAction
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker


def _copy_slot(slot: Slot) -> Slot:
    """`copy.copy` of a slot (a plain object whose attributes are its state), without the pickle protocol's
    detour, which cost four times as much."""
    duplicate = object.__new__(type(slot))
    duplicate.__dict__.update(slot.__dict__)
    return duplicate


def copy_state(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A new tracker with the same events and the state replaying them would give."""
    if tracker._max_event_history is not None:
        # A trimmed history no longer rebuilds the current state: Rasa's copy (a replay) differs, keep it.
        return tracker.travel_back_in_time(float("inf"))
    # As `init_copy`, without copying and resetting every slot only to overwrite it.
    duplicate = DialogueStateTracker(tracker.sender_id or DEFAULT_SENDER_ID, [], tracker._max_event_history,
                                     is_rule_tracker=tracker.is_rule_tracker)
    duplicate.slots = {name: _copy_slot(slot) for name, slot in tracker.slots.items()}
    duplicate.events.extend(tracker.events)
    duplicate._paused = tracker._paused
    duplicate.followup_action = tracker.followup_action
    duplicate.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    duplicate.latest_message = tracker.latest_message
    duplicate.latest_bot_utterance = tracker.latest_bot_utterance
    # Loop events change the active loop in place (interrupted, rejected): the copy gets its own.
    duplicate.active_loop = dataclasses.replace(tracker.active_loop) if tracker.active_loop is not None else None
    return duplicate


def _replay_is_a_copy(tracker: DialogueStateTracker, domain: Domain) -> bool:
    """True when replaying the tracker's events over the domain's slots rebuilds exactly its state."""
    return (tracker._max_event_history is None and not tracker.is_rule_tracker and bool(tracker.sender_id)
            and len(tracker.slots) == len(domain.slots)
            and all(type(tracker.slots.get(slot.name)) is type(slot) for slot in domain.slots)
            and tracker.idx_after_latest_restart() == 0)


def form_tracker(form: FormAction, tracker: DialogueStateTracker, additional_events: list[Event]
                 ) -> DialogueStateTracker:
    """What `FormAction._temporary_tracker` builds, for a tracker whose replay is a copy."""
    temporary = copy_state(tracker)
    for event in [SlotSet(REQUESTED_SLOT, form.get_slot_to_fill(tracker)), ActionExecuted(form.name()),
                  *additional_events]:
        temporary.update(event)
    return temporary


def install() -> None:
    """Route `DialogueStateTracker.copy` and `FormAction._temporary_tracker` through the copies here
    (idempotent)."""
    original_copy, original_form_tracker = DialogueStateTracker.copy, FormAction._temporary_tracker
    if getattr(original_copy, "_copies_state", False):
        return

    @functools.wraps(original_copy)
    def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
        return copy_state(self)

    @functools.wraps(original_form_tracker)
    def temporary_tracker(self: FormAction, current_tracker: DialogueStateTracker, additional_events: list[Event],
                          domain: Domain) -> DialogueStateTracker:
        if _replay_is_a_copy(current_tracker, domain):
            return form_tracker(self, current_tracker, additional_events)
        return original_form_tracker(self, current_tracker, additional_events, domain)

    copy_tracker._copies_state = True  # type: ignore[attr-defined]
    DialogueStateTracker.copy = copy_tracker
    FormAction._temporary_tracker = temporary_tracker
