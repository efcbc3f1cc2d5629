"""The visitor's "what we know" card: the lines a rep will see about them, which they can correct or remove.

A correction is stored as the latest value of that fact, marked as the visitor's (reps see "corrected by the
visitor"); a removal deletes every value given for it (removing the email also withdraws consent). Either way a
`lead.updated` event tells connected systems, and the caller sets the conversation's slot to match. The line on
how to contact them is read like a chat message ("email only, after Q3") and replaces what they said before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.db.engine import session_scope
from bot.db.models import Lead, utcnow
from bot.db.repository import Repository
from bot.discovery.answers import normalise_email
from bot.events.envelope import identity_of, shareable
from bot.profile.contact_preference_updates import keep_preferences
from bot.profile.contact_preferences import NONE as NO_PREFERENCES
from bot.profile.contact_preferences import for_visitor, hear_contact_preferences
from bot.profile.contact_rules import preferences_of
from bot.profile.facts import FACTS_BY_NAME, PROFILE_FACTS, known_value
from bot.untrusted_text import clean_text

EMAIL = "email"
CONTACT = "contact"  # how and when they may be contacted (bot/profile/contact_preferences.py)
EDITABLE = (*FACTS_BY_NAME, EMAIL, CONTACT)
CONTACT_LABEL = "How to contact you"
CONTACT_EXAMPLE = "e.g. email only, not before 1 July"
CONTACT_HINT = "try “email only, no calls”, “not before 1 July” or “just send the guide”"
MAX_VALUE_LENGTH = 500


class CardInputError(ValueError):
    """The visitor's edit cannot be kept; the message says why, in words for them."""


@dataclass(frozen=True)
class CardLine:
    fact: str
    label: str
    value: str
    corrected: bool  # the visitor set this value on the card


@dataclass(frozen=True)
class VisitorCard:
    lines: list[CardLine] = field(default_factory=list)
    why_talk: list[str] = field(default_factory=list)  # the warmth reasons, in plain words
    opted_out: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"lines": [line.__dict__ for line in self.lines], "why_talk": self.why_talk,
                "opted_out": self.opted_out, "editable": list(EDITABLE),
                "contact_line": {"fact": CONTACT, "label": CONTACT_LABEL, "hint": CONTACT_EXAMPLE}}


def _card(repo: Repository, lead: Lead | None) -> VisitorCard:
    if lead is None:
        return VisitorCard()
    facts = repo.latest_facts(lead.sender_id)
    corrected = repo.corrected_by_visitor(lead.sender_id)
    lines = [CardLine(fact.name, fact.label, value, fact.name in corrected) for fact in PROFILE_FACTS
             if (value := known_value(facts.get(fact.name)))]
    if lead.email:
        lines.append(CardLine(EMAIL, "Email", lead.email, EMAIL in corrected))
    if contact := for_visitor(preferences_of(lead)):
        lines.append(CardLine(CONTACT, CONTACT_LABEL, contact, bool(lead.contact_set_on_card)))
    return VisitorCard(lines, list(json.loads(lead.warmth_reasons or "[]")), bool(lead.opted_out))


def visitor_card(database_url: str, sender_id: str) -> VisitorCard:
    """What a rep would see about the visitor now."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        return _card(repo, repo.get_lead(sender_id))


def readable_value(fact: str, value: object) -> str:
    """The value as it will be stored, or a CardInputError saying why it cannot be."""
    if fact not in EDITABLE:
        raise CardInputError(f"{fact!r} is not something on your card")
    if not isinstance(value, str) or not clean_text(value).strip():
        raise CardInputError("write the right version, or remove the line")
    text = clean_text(value).strip()[:MAX_VALUE_LENGTH]
    if fact == CONTACT:
        if hear_contact_preferences(text, utcnow().date()) is None:
            raise CardInputError(f"I couldn't read that as how to contact you: {CONTACT_HINT}")
        return text
    if fact == EMAIL:
        email = normalise_email(text)
        if email is None:
            raise CardInputError("that doesn't look like an email address")
        return email
    normalised = FACTS_BY_NAME[fact].normalise(text)
    if not normalised:
        raise CardInputError(f"I couldn't read that as your {FACTS_BY_NAME[fact].label.lower()}")
    return normalised


def correct_line(database_url: str, sender_id: str, fact: str, value: object) -> tuple[VisitorCard, str]:
    """Keep the visitor's version of one line; returns the new card and the value stored."""
    stored = readable_value(fact, value)
    with session_scope(database_url) as session:
        repo = Repository(session)
        if repo.get_lead(sender_id) is None:
            raise CardInputError("there is nothing on your card yet")
        if fact == CONTACT:
            today = utcnow().date()
            heard = hear_contact_preferences(stored, today)
            assert heard is not None  # readable_value checked it
            lead = keep_preferences(repo, sender_id, heard, on_card=True, today=today)
            return _card(repo, lead), stored
        lead = repo.correct_fact(sender_id, fact, stored)
        identity = identity_of(lead)
        repo.add_event("lead.updated", lead.id, identity, {"facts": shareable({fact: stored}, identity),
                                                           "corrected_by_visitor": [fact]})
        return _card(repo, lead), stored


def remove_line(database_url: str, sender_id: str, fact: str) -> VisitorCard:
    """Delete one line of the card, every value given for it."""
    if fact not in EDITABLE:
        raise CardInputError(f"{fact!r} is not something on your card")
    with session_scope(database_url) as session:
        repo = Repository(session)
        if fact == CONTACT:
            if repo.get_lead(sender_id) is None:
                raise CardInputError("there is nothing on your card yet")
            return _card(repo, keep_preferences(repo, sender_id, NO_PREFERENCES, on_card=True,
                                                today=utcnow().date()))
        lead = repo.remove_fact(sender_id, fact)
        if lead is None:
            raise CardInputError("there is nothing on your card yet")
        repo.add_event("lead.updated", lead.id, identity_of(lead), {"facts": {}, "removed_by_visitor": [fact]})
        return _card(repo, lead)
