"""A handoff's life, one function per operation: check, change state in one unit of work, then tell Rasa.

start (action server) -> queued | follow_up; claim -> assigned (the bot pauses, the visitor is told);
reply (the rep's words reach the visitor); hand_back -> handed_back (the bot resumes); close -> closed with
an outcome; expire_unclaimed: queued too long -> follow_up (the bot resumes and apologises).
Routes and background jobs call one of these each; the repository only runs the queries.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any

from bot.db.engine import session_scope
from bot.db.models import (
    MAX_FACT_LENGTH,
    OPEN_HANDOFF_STATUSES,
    Handoff,
    HandoffNote,
    HandoffStatus,
    Rep,
    utcnow,
)
from bot.db.off_loop import off_loop
from bot.db.repository import Repository
from bot.events.envelope import identity_of
from bot.handoff.chat_notices import notice
from bot.handoff.offers import offer_next
from bot.handoff.reply_contact import contacts_offered
from bot.handoff.routing_rules import RoutingRules
from bot.handoff.warmth import Warmth
from bot.profile.contact_preferences import ContactPreferences
from bot.profile.contact_rules import Contact, lead_contact, preferences_of, refusal
from bot.rasa_ext.conversation_api import RASA_UNAVAILABLE, RasaConversations
from bot.untrusted_text import clean_text

logger = logging.getLogger(__name__)
OPEN_STATUSES = OPEN_HANDOFF_STATUSES
CLAIMABLE_STATUSES = (HandoffStatus.QUEUED, HandoffStatus.FOLLOW_UP)
INBOX_STATUSES = (*OPEN_STATUSES, HandoffStatus.FOLLOW_UP, HandoffStatus.HANDED_BACK)
OUTCOMES = ("meeting_booked", "qualified", "not_a_fit", "no_response")  # what a rep closes a handoff with
WITHDRAWN = "withdrawn_by_visitor"  # the outcome of a handoff the visitor took back before a rep came
MAX_REPLY_LENGTH = 2000
ALREADY_OPEN = "already_open"  # what `start` answers when the visitor already has an open handoff
# External intents the bot's rules answer when the inbox gives a conversation back.
HANDED_BACK_INTENT = "EXTERNAL_handed_back"
REP_CLOSED_INTENT = "EXTERNAL_rep_closed"
NOBODY_AVAILABLE_INTENT = "EXTERNAL_nobody_available"


class HandoffStateError(ValueError):
    """The handoff cannot make this change (already claimed, closed, not yours); the text is for the rep."""


class HandoffInputError(ValueError):
    """The rep's input is unusable (an empty reply, an unknown outcome); the text says what to fix."""


@dataclass(frozen=True)
class HandoffStart:
    """What happened when a handoff was requested."""

    handoff_id: int
    status: str  # queued | follow_up | already_open (the `handoff_status` slot the rules read)
    warmth: Warmth


def _hold_follow_up(handoff: Handoff, preferences: ContactPreferences, now: datetime) -> None:
    """A follow-up the visitor asked to wait for ("not before 1 July"): reps are told on that day, not now."""
    refused = refusal(preferences, Contact.SALES_FOLLOW_UP, now.date())
    if refused is not None and refused.until is not None:
        held_until = datetime.combine(refused.until, time(0), timezone.utc)
        for notification in handoff.notifications:
            notification.next_attempt_at = held_until


def start(database_url: str, sender_id: str, reason: str, warmth: Warmth, summary: str, reps_around: bool,
          notify_channels: Sequence[str], inbox_url: str, routing: RoutingRules | None = None) -> HandoffStart:
    """Open a handoff (queued when reps are around, follow-up otherwise) unless one is already open.

    The action that calls this pauses the bot itself (Rasa's ConversationPaused event).
    """
    with session_scope(database_url) as session:
        repo = Repository(session)
        existing = repo.handoff_for(sender_id, OPEN_STATUSES)
        if existing is not None:
            return HandoffStart(existing.id, ALREADY_OPEN, warmth)
        status = HandoffStatus.QUEUED if reps_around else HandoffStatus.FOLLOW_UP
        handoff = repo.create_handoff(sender_id, reason, warmth.score, warmth.reasons, summary, status=status,
                                      notify_channels=notify_channels)
        lead = repo.record_warmth(sender_id, warmth.score, warmth.reasons)
        now = utcnow()
        if routing is not None and status == HandoffStatus.QUEUED:
            offer_next(session, handoff, routing, now)
        if status == HandoffStatus.FOLLOW_UP:
            _hold_follow_up(handoff, preferences_of(lead), now)
        identity = identity_of(lead)
        # The summary quotes the visitor (and may hold their name): it goes out only with their consent.
        repo.add_event("handoff.queued", lead.id, identity, {
            "handoff_id": handoff.id, "status": str(status), "reason": handoff.reason,
            "warmth": {"score": warmth.score, "reasons": list(warmth.reasons)},
            "summary": handoff.summary if identity.consented else None,
            "inbox_url": f"{inbox_url}/handoffs/{handoff.id}"}
            | ({"contact": lead_contact(lead, now.date())} if not preferences_of(lead).empty else {}))
        return HandoffStart(handoff.id, str(status), warmth)


def has_open_handoff(database_url: str, sender_id: str) -> bool:
    """True while the visitor waits for, or talks with, a rep."""
    with session_scope(database_url) as session:
        return Repository(session).handoff_for(sender_id, OPEN_STATUSES) is not None


def _rep_payload(rep: Rep | None) -> dict[str, Any] | None:
    return None if rep is None else {"id": rep.id, "name": rep.display_name, "email": rep.email}


def _existing(repo: Repository, handoff_id: int) -> Handoff:
    handoff = repo.get_handoff(handoff_id)
    if handoff is None:
        raise HandoffStateError(f"handoff {handoff_id} does not exist")
    return handoff


def _owned(repo: Repository, handoff_id: int, rep_id: int) -> Handoff:
    handoff = _existing(repo, handoff_id)
    if handoff.status != HandoffStatus.ASSIGNED or handoff.assigned_rep_id != rep_id:
        raise HandoffStateError("claim this conversation before replying or handing it back")
    return handoff


@dataclass(frozen=True)
class Claimed:
    """Whose conversation a rep holds, and whether this claim is what gave it to them."""

    sender_id: str
    newly: bool  # False when the rep already held it (a second click, another tab)


def claim_in_db(database_url: str, handoff_id: int, rep_id: int) -> Claimed:
    """Assign a waiting handoff to the rep (only one rep can ever win); a holder claiming again changes nothing."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        now = utcnow()
        # An offer (routing) says who it is meant for; any rep may still take it, e.g. when that rep is busy.
        won = repo.change_status(handoff_id, CLAIMABLE_STATUSES, HandoffStatus.ASSIGNED, unassigned_only=True,
                                 assigned_rep_id=rep_id, claimed_at=now, offered_rep_id=None, offer_expires_at=None)
        handoff = _existing(repo, handoff_id)
        session.refresh(handoff)
        if won:
            repo.add_event("handoff.claimed", handoff.lead_id, identity_of(handoff.lead), {
                "handoff_id": handoff.id, "rep": _rep_payload(handoff.assigned_rep)})
        if won or (handoff.status == HandoffStatus.ASSIGNED and handoff.assigned_rep_id == rep_id):
            return Claimed(handoff.lead.sender_id, newly=won)
        if handoff.status == HandoffStatus.ASSIGNED and handoff.assigned_rep is not None:
            raise HandoffStateError(f"already claimed by {handoff.assigned_rep.display_name}")
        if handoff.outcome == WITHDRAWN:
            raise HandoffStateError("the visitor said in the chat that they no longer need a person")
        raise HandoffStateError(f"this conversation is {handoff.status.replace('_', ' ')} and cannot be claimed")


def owner_check_in_db(database_url: str, handoff_id: int, rep_id: int) -> str:
    """The visitor's sender id, if the rep holds the handoff; otherwise a HandoffStateError."""
    with session_scope(database_url) as session:
        return _owned(Repository(session), handoff_id, rep_id).lead.sender_id


def hand_back_in_db(database_url: str, handoff_id: int, rep_id: int) -> str:
    """assigned -> handed_back (the rep's own handoff only); return the visitor's sender id."""
    with session_scope(database_url) as session:
        handoff = _owned(Repository(session), handoff_id, rep_id)
        handoff.status = HandoffStatus.HANDED_BACK.value
        return handoff.lead.sender_id


@dataclass(frozen=True)
class Closed:
    """A closed handoff: whose chat it was, and the status it was closed from."""

    sender_id: str
    closed_from: str


def close_in_db(database_url: str, handoff_id: int, rep_id: int, outcome: str, notes: str) -> Closed:
    """Close with an outcome: any rep may close an unheld handoff, only its holder a held one."""
    if outcome not in OUTCOMES:
        raise HandoffInputError(f"outcome must be one of {', '.join(OUTCOMES)}")
    with session_scope(database_url) as session:
        repo = Repository(session)
        handoff = _existing(repo, handoff_id)
        if handoff.status == HandoffStatus.CLOSED:
            raise HandoffStateError("this conversation is already closed")
        if handoff.assigned_rep_id not in (None, rep_id):
            raise HandoffStateError(f"{handoff.assigned_rep.display_name} holds this conversation")
        closed_from = str(handoff.status)
        handoff.status = HandoffStatus.CLOSED.value
        handoff.assigned_rep_id = rep_id
        handoff.outcome = outcome
        handoff.notes = clean_text(notes or "")[:MAX_FACT_LENGTH]
        handoff.closed_at = utcnow()
        session.flush()
        repo.add_event("handoff.closed", handoff.lead_id, identity_of(handoff.lead), {
            "handoff_id": handoff.id, "outcome": outcome, "notes": handoff.notes,
            "rep": _rep_payload(handoff.assigned_rep)})
        return Closed(handoff.lead.sender_id, closed_from)


def withdraw_in_db(database_url: str, sender_id: str) -> str | None:
    """The visitor no longer wants a person: close their waiting (queued or follow-up) handoff and cancel the
    reps' notifications not yet sent. Returns the status it was withdrawn from, `assigned` when a rep already
    holds the chat (nothing changes: the rep reads the message), or None when nothing was open."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        handoff = repo.handoff_for(sender_id, (*CLAIMABLE_STATUSES, HandoffStatus.ASSIGNED))
        if handoff is None:
            return None
        withdrawn_from = str(handoff.status)
        now = utcnow()
        # One conditional update, so a rep claiming at the same moment either wins or sees it closed.
        if not repo.change_status(handoff.id, CLAIMABLE_STATUSES, HandoffStatus.CLOSED, unassigned_only=True,
                                  outcome=WITHDRAWN, closed_at=now, offered_rep_id=None, offer_expires_at=None,
                                  notes="The visitor said in the chat that they no longer need a person."):
            return str(HandoffStatus.ASSIGNED)
        for notification in handoff.notifications:
            if notification.status == "pending":
                notification.status = "cancelled"
        repo.add_event("handoff.closed", handoff.lead_id, identity_of(handoff.lead), {
            "handoff_id": handoff.id, "outcome": WITHDRAWN, "notes": "", "rep": None})
        return withdrawn_from


def add_note(database_url: str, handoff_id: int, rep_id: int, text: str) -> None:
    """A note for the team on the conversation (any rep, any status); it never reaches the visitor."""
    cleaned = clean_text(text)[:MAX_REPLY_LENGTH]
    if not cleaned:
        raise HandoffInputError("write a note first")
    with session_scope(database_url) as session:
        handoff = _existing(Repository(session), handoff_id)
        handoff.internal_notes.append(HandoffNote(rep_id=rep_id, text=cleaned))


def clean_reply(text: str) -> str:
    """The rep's reply on one line, within the length limit; a HandoffInputError when empty."""
    cleaned = clean_text(text)[:MAX_REPLY_LENGTH]
    if not cleaned:
        raise HandoffInputError("write a reply first")
    return cleaned


async def claim(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep) -> None:
    """The rep takes the conversation: the bot stays paused and the visitor hears who joined (once)."""
    claimed = await off_loop(claim_in_db, database_url, handoff_id, rep.id)
    joined = {"event": "bot", "text": notice("utter_rep_joined", rep_name=rep.display_name),
              "metadata": {"rep": rep.display_name, "notice": "rep_joined"}}
    # Claiming again (a second click) pauses again, harmlessly, in case the first append never reached Rasa.
    await rasa.append(claimed.sender_id, [{"event": "pause"}, *([joined] if claimed.newly else [])])


def reply_check_in_db(database_url: str, handoff_id: int, rep_id: int, text: str) -> str:
    """The visitor's sender id, if the rep holds the handoff and `text` does not offer a call or an email the
    visitor asked not to get; otherwise a HandoffStateError saying why."""
    with session_scope(database_url) as session:
        lead = _owned(Repository(session), handoff_id, rep_id).lead
        preferences = preferences_of(lead)
        for contact in contacts_offered(text):
            refused = refusal(preferences, contact, utcnow().date())
            if refused is not None:
                raise HandoffStateError(f"Not sent: {refused.reason}. Offer only what they asked for.")
        return lead.sender_id


async def reply(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep, text: str) -> None:
    """The rep's words reach the visitor's chat, marked as the rep's (unless they offer contact the visitor
    asked not to get)."""
    cleaned = clean_reply(text)
    sender_id = await off_loop(reply_check_in_db, database_url, handoff_id, rep.id, cleaned)
    await rasa.append(sender_id, [{"event": "bot", "text": cleaned,
                                   "metadata": {"rep": rep.display_name, "rep_id": rep.id}}])


async def show_typing(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep) -> None:
    """The rep holding the conversation is typing: the visitor sees it for a few seconds."""
    sender_id = await off_loop(owner_check_in_db, database_url, handoff_id, rep.id)
    await rasa.rep_typing(sender_id, rep.display_name)


@dataclass(frozen=True)
class Transferred:
    sender_id: str
    to_name: str


def transfer_in_db(database_url: str, handoff_id: int, rep_id: int, to_rep_id: int, note: str) -> Transferred:
    """The holder passes the conversation to a colleague, with a note for them (kept with the team's notes)."""
    with session_scope(database_url) as session:
        repo = Repository(session)
        handoff = _owned(repo, handoff_id, rep_id)
        colleague = repo.get_rep(to_rep_id)
        if colleague is None or colleague.id == rep_id:
            raise HandoffInputError("pick a colleague to pass this conversation to")
        handoff.assigned_rep_id = colleague.id
        written = clean_text(note)[:MAX_REPLY_LENGTH]
        handoff.internal_notes.append(HandoffNote(rep_id=rep_id, text=f"Passed to {colleague.display_name}"
                                                  + (f": {written}" if written else ".")))
        return Transferred(handoff.lead.sender_id, colleague.display_name)


async def transfer(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep, to_rep_id: int,
                   note: str) -> None:
    """Pass the conversation to a colleague; the visitor hears who joined."""
    moved = await off_loop(transfer_in_db, database_url, handoff_id, rep.id, to_rep_id, note)
    await rasa.append(moved.sender_id, [{"event": "bot", "text": notice("utter_rep_joined", rep_name=moved.to_name),
                                         "metadata": {"rep": moved.to_name, "notice": "rep_joined"}}])


async def hand_back(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep) -> None:
    """The bot takes the conversation back and tells the visitor so."""
    sender_id = await off_loop(hand_back_in_db, database_url, handoff_id, rep.id)
    await rasa.resume(sender_id)
    await rasa.trigger_intent(sender_id, HANDED_BACK_INTENT)


async def close(database_url: str, rasa: RasaConversations, handoff_id: int, rep: Rep, outcome: str,
                notes: str) -> None:
    """Record how the conversation ended, and give a paused chat back to the bot: after a live chat the bot
    asks the visitor to rate it; a visitor still waiting for a person hears they are back with the assistant."""
    closed = await off_loop(close_in_db, database_url, handoff_id, rep.id, outcome, notes)
    if closed.closed_from not in (HandoffStatus.ASSIGNED, HandoffStatus.QUEUED):
        return  # the bot is already talking (handed back, or nobody came and it offered a follow-up)
    await rasa.resume(closed.sender_id)
    held = closed.closed_from == HandoffStatus.ASSIGNED
    await rasa.trigger_intent(closed.sender_id, REP_CLOSED_INTENT if held else HANDED_BACK_INTENT)


def expire_in_db(database_url: str, handoff_id: int) -> bool:
    """queued -> follow_up unless a rep claimed it meanwhile; True when this call moved it."""
    with session_scope(database_url) as session:
        return Repository(session).change_status(handoff_id, (HandoffStatus.QUEUED,), HandoffStatus.FOLLOW_UP)


def requeue_in_db(database_url: str, handoff_id: int) -> None:
    """follow_up -> queued again (the visitor could not be told; the next check tries again)."""
    with session_scope(database_url) as session:
        Repository(session).change_status(handoff_id, (HandoffStatus.FOLLOW_UP,), HandoffStatus.QUEUED)


def unclaimed_in_db(database_url: str, cutoff: datetime) -> list[tuple[int, str]]:
    """(handoff id, sender id) of queued handoffs nobody claimed before `cutoff`."""
    with session_scope(database_url) as session:
        return [(handoff.id, handoff.lead.sender_id)
                for handoff in Repository(session).waiting_since(HandoffStatus.QUEUED, cutoff)]


async def expire_unclaimed(database_url: str, rasa: RasaConversations, timeout: timedelta, now: datetime) -> int:
    """Give chats nobody claimed in time back to the bot, which apologises and offers a follow-up."""
    expired = 0
    for handoff_id, sender_id in await off_loop(unclaimed_in_db, database_url, now - timeout):
        if not await off_loop(expire_in_db, database_url, handoff_id):
            continue  # a rep claimed it a moment ago
        try:
            await rasa.resume(sender_id)
            await rasa.trigger_intent(sender_id, NOBODY_AVAILABLE_INTENT)
            expired += 1
        except RASA_UNAVAILABLE as error:
            logger.warning("could not hand conversation %s back to the bot, will retry: %s", sender_id, error)
            await off_loop(requeue_in_db, database_url, handoff_id)
    return expired
