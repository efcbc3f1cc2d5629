"""The dialogue states `RulePolicy` matches its rules against, computed once per event instead of once per
prediction for the whole conversation.

Hook: `Domain.states_for_tracker_history`. Rasa replays every applied event of the conversation and builds a
state before each action, several times for each message (twice per prediction, two or more predictions a
message), so the cost of a message grew with the conversation (docs/BENCHMARKS.md: message 30 cost 1.56x
message 3). Here the states and the replayed tracker are kept on the tracker, and a later call replays only the
events applied since. Whenever the applied events are not an extension of those seen (an undo, a form's loop
rewinding, a new session, a new model), everything is computed afresh exactly as Rasa does. Only the form
`RulePolicy` uses (`ignore_rule_only_turns` false) is kept; any other call goes to Rasa's own code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

KEPT_ATTRIBUTE = "_incremental_states"


@dataclass
class _KeptStates:
    domain: Domain
    omit_unset_slots: bool
    applied: list[Event]  # the applied events replayed so far, in order
    replay: DialogueStateTracker  # a fresh tracker with exactly `applied` applied
    states: list[State]  # the state before each action in `applied`


def _extends(kept: list[Event], applied: list[Event]) -> bool:
    return len(applied) >= len(kept) and all(old is new for old, new in zip(kept, applied, strict=False))


def states_with_kept_history(domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool = False,
                             newest: int | None = None) -> list[State]:
    """What `Domain.states_for_tracker_history` returns without rule-only turns removed (only its last `newest`
    states when given), reusing the states kept from the previous call on the same tracker when its applied
    events only grew."""
    applied = tracker.applied_events()
    kept: _KeptStates | None = tracker.__dict__.get(KEPT_ATTRIBUTE)
    if (kept is None or kept.domain is not domain or kept.omit_unset_slots != omit_unset_slots
            or not _extends(kept.applied, applied)):
        kept = _KeptStates(domain, omit_unset_slots, [], tracker.init_copy(), [])
        tracker.__dict__[KEPT_ATTRIBUTE] = kept
    for event in applied[len(kept.applied):]:
        if isinstance(event, ActionExecuted):
            kept.states.append(domain.get_active_state(kept.replay, omit_unset_slots=omit_unset_slots))
        kept.replay.update(event)
    kept.applied = applied
    # Copies: Rasa's featurizer edits the states it is given (drops text or intent), and the kept ones must
    # stay as computed. A copy is two levels of small dicts, far cheaper than computing the state.
    older = kept.states if newest is None else kept.states[max(0, len(kept.states) - newest + 1):]
    return [*map(_copy_state, older), domain.get_active_state(kept.replay, omit_unset_slots=omit_unset_slots)]


def _copy_state(state: State) -> State:
    return {key: dict(sub_state) for key, sub_state in state.items()}


def install() -> None:
    """Route `Domain.states_for_tracker_history` through the kept states (idempotent)."""
    original = Domain.states_for_tracker_history
    if getattr(original, "_keeps_history", False):
        return

    @functools.wraps(original)
    def states_for_tracker_history(self: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool = False,
                                   ignore_rule_only_turns: bool = False,
                                   rule_only_data: dict[str, Any] | None = None) -> list[State]:
        if ignore_rule_only_turns:
            return original(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        return states_with_kept_history(self, tracker, omit_unset_slots)

    states_for_tracker_history._keeps_history = True  # type: ignore[attr-defined]
    Domain.states_for_tracker_history = states_for_tracker_history
