"""What happens after each visitor turn is saved, in one place: a confirmed "forget me" erases the
visitor; otherwise the profile facts heard in the turn are stored and the lead's warmth is rescored,
in one unit of work. Rasa's tracker store calls `after_turn` (bot/rasa_ext/tracker_store.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.conversation_events import (
    Event,
    forget_requested_this_turn,
    slot_values,
    split_at_latest_message,
    typed_by_visitor,
    visitor_intents,
)
from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.discovery.answers import SKIPPED, is_skip
from bot.handoff.desk import HandoffDesk
from bot.profile.facts import FACT_NAMES, known_value
from bot.profile.non_answers import non_answer_kind
from bot.profile.visitor_store import forget_visitor


def facts_from_turn(events: Sequence[Event], slots: Mapping[str, Any]) -> dict[str, str]:
    """Fact kinds to store for the latest turn: each profile fact whose value changed in it, and
    `<fact>_as_said` with the visitor's words when an answer could not be read (kept, not lost) and did not
    go to another fact."""
    before, turn = split_at_latest_message(events)
    if not turn:
        return {}
    previous = slot_values(before)
    changed = {event["name"] for event in turn if event.get("event") == "slot" and event.get("name") in FACT_NAMES}
    said = str(turn[0].get("text") or "")
    facts: dict[str, str] = {}
    for name in sorted(changed, key=FACT_NAMES.index):
        value = slots.get(name)
        if value == previous.get(name):
            continue
        if known := known_value(value):
            facts[name] = known
        elif value == SKIPPED and typed_by_visitor(said) and not is_skip(said) \
                and non_answer_kind(said) is None and not changed - {name}:
            facts[f"{name}_as_said"] = said
    return facts


def after_turn(database_url: str, desk: HandoffDesk, sender_id: str, events: Sequence[Event],
               slots: Mapping[str, Any]) -> None:
    """Keep the lead in step with the turn just saved (see the module docstring)."""
    if forget_requested_this_turn(events):
        forget_visitor(database_url, sender_id)
        return
    intents = visitor_intents(events)
    facts = facts_from_turn(events, slots)
    if not intents and not facts:
        return
    warmth = desk.warmth(intents, slots)
    with session_scope(database_url) as session:
        repo = Repository(session)
        for kind, value in facts.items():
            repo.record_fact(sender_id, kind, value)
        if intents:
            repo.record_warmth(sender_id, warmth.score, warmth.reasons)
