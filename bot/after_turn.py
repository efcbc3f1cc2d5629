"""What happens after each visitor turn is saved, in one place: a confirmed "forget me" erases the
visitor; otherwise the catalog items shown, the profile facts and contact preferences heard in the turn are
stored, the lead's warmth is rescored and a `lead.created`/`lead.updated` event is recorded, in the same unit of
work as the turn's events.
Rasa's tracker store calls `after_turn` (bot/rasa_ext/tracker_store.py)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation_events import (
    Event,
    forget_requested_this_turn,
    slot_values,
    split_at_latest_message,
    typed_by_visitor,
    visitor_intents,
)
from bot.db.models import utcnow
from bot.db.repository import Repository
from bot.discovery.answers import SKIPPED, is_skip
from bot.events.envelope import shareable
from bot.handoff.desk import HandoffDesk
from bot.profile.contact_preference_updates import keep_preferences
from bot.profile.contact_preferences import ContactPreferences, hear_contact_preferences
from bot.profile.facts import FACT_NAMES, known_value
from bot.profile.non_answers import non_answer_kind
from bot.profile.visitor_store import shown_event_data
from bot.visits.page_context import PageContext, arrival, page_from_metadata

# A visit is written every turn whose warmth or facts changed; otherwise `last_seen` is refreshed at most this
# often, so a chatty visitor costs one write a minute for it instead of one per message.
LAST_SEEN_EVERY_SECONDS = 60.0
JUST_BROWSING = "just_browsing"


@dataclass(frozen=True)
class Turn:
    """What a conversation gained since it was last saved."""

    sender_id: str
    new_events: Sequence[Event]
    intents: Sequence[str]  # the visitor's intents this session, the new ones included
    slots_before: Mapping[str, Any]  # slot values before the new events
    slots: Mapping[str, Any]  # slot values now
    visited: Sequence[tuple[str, str]] = ()  # pages (path, campaign medium) reported this session, the new ones too


@dataclass(frozen=True)
class LeadWritten:
    """What this process last wrote to the visitor's lead, and when (monotonic clock)."""

    warmth: tuple[int, tuple[str, ...]] | None
    at: float
    page: str | None = None  # the address of the page last recorded as the visitor's latest


@dataclass(frozen=True)
class AfterTurn:
    """Whether the visitor was erased, and what is now written to their lead."""

    forgotten: bool
    lead: LeadWritten | None


def facts_from_turn(new_events: Sequence[Event], slots: Mapping[str, Any],
                    slots_before: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Fact kinds to store for the visitor's latest message among `new_events`: each profile fact whose value
    changed in it, and `<fact>_as_said` with the visitor's words when an answer could not be read (kept, not
    lost) and did not go to another fact."""
    earlier, turn = split_at_latest_message(new_events)
    if not turn:
        return {}
    previous = slot_values(earlier, start=slots_before)
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


def preferences_from_turn(new_events: Sequence[Event], today: date) -> ContactPreferences | None:
    """How and when the visitor said they may be contacted, in their latest message among `new_events`."""
    _, turn = split_at_latest_message(new_events)
    said = str(turn[0].get("text") or "") if turn else ""
    return hear_contact_preferences(said, today) if typed_by_visitor(said) else None


def recommendations_from_turn(new_events: Sequence[Event]) -> list[tuple[str, str]]:
    """The (catalog item id, reason) pairs shown in the turn: `action_recommend` sets both slots together."""
    shown: dict[str, Any] = {}
    for event in new_events:
        if event.get("event") == "slot" and event.get("name") in ("recommended_items", "recommendation_reasons"):
            shown[str(event["name"])] = event.get("value")
    items, reasons = shown.get("recommended_items"), shown.get("recommendation_reasons")
    if not isinstance(items, list) or not isinstance(reasons, list) or len(items) != len(reasons):
        return []
    return [(str(item), str(reason)) for item, reason in zip(items, reasons, strict=True)]


def pages_of_turn(new_events: Sequence[Event]) -> tuple[PageContext | None, PageContext | None]:
    """The page the visitor's latest message was sent from, and the page where the widget first saw them."""
    _, turn = split_at_latest_message(new_events)
    metadata = turn[0].get("metadata") if turn else None
    return page_from_metadata(metadata, "page"), page_from_metadata(metadata, "landing")


def after_turn(session: Session, desk: HandoffDesk, turn: Turn, last_written: LeadWritten | None) -> AfterTurn:
    """Keep the lead in step with the turn being saved (see the module docstring), in `session`."""
    repo = Repository(session)
    if forget_requested_this_turn(turn.new_events):
        repo.forget(turn.sender_id)
        return AfterTurn(forgotten=True, lead=None)
    shown = recommendations_from_turn(turn.new_events)
    facts = facts_from_turn(turn.new_events, turn.slots, turn.slots_before)
    today = utcnow().date()
    preferences = preferences_from_turn(turn.new_events, today)
    if not turn.intents and not facts and preferences is None and not shown:
        return AfterTurn(forgotten=False, lead=last_written)
    warmth = None
    if turn.intents:
        scored = desk.warmth(turn.intents, turn.slots, turn.visited)
        warmth = (scored.score, tuple(scored.reasons))
    page, landing = pages_of_turn(turn.new_events)
    page_address = page.url if page else last_written.page if last_written else None
    now = time.monotonic()
    if not facts and preferences is None and not shown and last_written is not None and last_written.warmth == warmth \
            and last_written.page == page_address and now - last_written.at < LAST_SEEN_EVERY_SECONDS \
            and JUST_BROWSING not in visitor_intents(turn.new_events):
        return AfterTurn(forgotten=False, lead=last_written)
    visit = repo.record_visit(turn.sender_id, facts, warmth)
    repo.add_facts(turn.sender_id, facts)
    if preferences is not None:
        keep_preferences(repo, turn.sender_id, preferences, on_card=False, today=today)
    if JUST_BROWSING in visitor_intents(turn.new_events):
        repo.decline_prompts(turn.sender_id)  # the widget never offers them a prompt again
    if page is not None and (last_written is None or last_written.page != page.url):
        repo.record_touches(turn.sender_id, page, landing)
    if visit.created or facts:
        data: dict[str, Any] = {"facts": shareable(facts, visit.identity)}
        if warmth is not None:
            data["warmth"] = {"score": warmth[0], "reasons": list(warmth[1])}
        if visit.created and (arrived := landing or page) is not None:
            data["arrived"] = arrival(arrived)
        repo.add_event("lead.created" if visit.created else "lead.updated", visit.lead_id, visit.identity, data)
    if shown:
        repo.add_recommendations_shown(visit.lead_id, shown)
        repo.add_event("recommendation.shown", visit.lead_id, visit.identity, shown_event_data(shown))
    return AfterTurn(forgotten=False, lead=LeadWritten(warmth, now, page_address))
