"""What the assistant remembers about a visitor, as plain calls the action server can make."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.db.digest_repository import DigestRepository
from bot.db.engine import session_scope
from bot.db.models import UnmetNeedKind
from bot.db.repository import ForgetResult, Repository
from bot.events.envelope import identity_of
from bot.profile.contact_preferences import for_visitor
from bot.profile.contact_rules import preferences_of

# The stored profile the Rasa process read with a new conversation's first query, as it travels to
# `action_session_start` in that one action call (bot/rasa_ext/session_start_profile.py): never a real slot.
PROFILE_PAYLOAD_SLOT = "_stored_profile"


@dataclass(frozen=True)
class StoredProfile:
    """Everything stored about a visitor that the conversation needs back."""

    facts: dict[str, str] = field(default_factory=dict)
    email: str | None = None
    opted_out: bool = False
    contact: str = ""  # how and when they may be contacted, in their terms ("email only, no calls")

    def as_payload(self) -> dict[str, Any]:
        return {"facts": dict(self.facts), "email": self.email, "opted_out": self.opted_out, "contact": self.contact}

    @classmethod
    def from_payload(cls, payload: Any) -> StoredProfile | None:
        """The profile `as_payload` gave, or None for anything else (then the profile is read from SQL)."""
        if not isinstance(payload, dict) or set(payload) != {"facts", "email", "opted_out", "contact"}:
            return None
        facts, email, opted_out, contact = (payload[key] for key in ("facts", "email", "opted_out", "contact"))
        if not (isinstance(facts, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in facts.items())
                and (email is None or isinstance(email, str)) and isinstance(opted_out, bool)
                and isinstance(contact, str)):
            return None
        return cls(facts=facts, email=email, opted_out=opted_out, contact=contact)


def recall_from(repo: Repository, sender_id: str) -> StoredProfile:
    """The latest value of every fact, plus contact state; empty for a new visitor."""
    lead = repo.get_lead(sender_id)
    if lead is None:
        return StoredProfile()
    return StoredProfile(facts=repo.latest_facts(sender_id), email=lead.email, opted_out=bool(lead.opted_out),
                         contact=for_visitor(preferences_of(lead)))


def shown_event_data(shown: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The `recommendation.shown` event's data for (catalog item id, reason) pairs."""
    return {"items": [{"catalog_item_id": item_id, "reason": reason} for item_id, reason in shown]}


def record_shown(repo: Repository, sender_id: str, shown: Sequence[tuple[str, str]]) -> None:
    """Store the (catalog item id, reason) pairs the visitor was shown and the `recommendation.shown` event."""
    lead = repo.record_recommendations(sender_id, shown)
    repo.add_event("recommendation.shown", lead.id, identity_of(lead), shown_event_data(shown))


class VisitorStore:
    """Records and recalls one visitor's facts in the SQL store, one unit of work per call."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def recall(self, sender_id: str) -> StoredProfile:
        """The latest value of every fact, plus contact state; empty for a new visitor."""
        with session_scope(self.database_url) as session:
            return recall_from(Repository(session), sender_id)

    def record_recommendations(self, sender_id: str, shown: Sequence[tuple[str, str]]) -> None:
        """Store (catalog item id, reason) pairs the visitor was just shown, in a unit of work of its own."""
        with session_scope(self.database_url) as session:
            record_shown(Repository(session), sender_id, shown)

    def record_unmet_need(self, sender_id: str, kind: UnmetNeedKind, said: str) -> None:
        """Keep, in the visitor's words, something they wanted that we could not serve (for the digest)."""
        if said.strip():
            with session_scope(self.database_url) as session:
                DigestRepository(session).record_unmet_need(sender_id, kind, said)

    def save_contact(self, sender_id: str, email: str, consent_scope: str) -> None:
        """Store an email the visitor agreed to give, with what they consented to and when."""
        with session_scope(self.database_url) as session:
            repo = Repository(session)
            repo.record_fact(sender_id, "email", email)
            lead = repo.record_consent(sender_id, consent_scope)
            repo.add_event("contact.consented", lead.id, identity_of(lead), {"scope": lead.consent_scope})

    def opt_out(self, sender_id: str) -> None:
        """Record that the visitor does not want to be contacted (consent withdrawn)."""
        with session_scope(self.database_url) as session:
            repo = Repository(session)
            lead = repo.mark_opted_out(sender_id)
            repo.add_event("contact.opted_out", lead.id, identity_of(lead), {})

    def forget(self, sender_id: str) -> ForgetResult:
        """Delete the visitor's lead rows and conversation events (as `python -m bot forget`)."""
        return forget_visitor(self.database_url, sender_id)


def forget_visitor(database_url: str, sender_id: str) -> ForgetResult:
    """The one code path that erases a visitor: lead rows and Rasa tracker events."""
    with session_scope(database_url) as session:
        return Repository(session).forget(sender_id)
