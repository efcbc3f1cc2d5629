"""The event types subscribers can receive, each with what it means (docs/EVENTS.md says more)."""

from __future__ import annotations

from fnmatch import fnmatchcase

EVENT_TYPES: dict[str, str] = {
    "lead.created": "a visitor's lead was created (their first message)",
    "lead.updated": "the visitor told the assistant something new about themselves",
    "recommendation.shown": "the assistant recommended catalog items",
    "handoff.queued": "the conversation was passed to a person (queued, or a follow-up when nobody is around)",
    "handoff.claimed": "a rep took the conversation",
    "handoff.closed": "a rep closed the conversation with an outcome, or the visitor withdrew the request",
    "meeting.booked": "the visitor booked a call with a rep in the chat (or moved one: see rescheduled_from)",
    "meeting.cancelled": "a booked call was cancelled (by the visitor's link, or because it was moved)",
    "visitor.forgotten": "the visitor asked to be forgotten: delete what you hold about this lead",
    "contact.consented": "the visitor gave their email and agreed to be contacted",
    "contact.opted_out": "the visitor asked not to be contacted",
    "contact.preferences_set": "the visitor said how or when they may be contacted (channel, earliest date, scope)",
}


class EventFilterError(ValueError):
    """An event filter names no known event type; the message lists them."""


def matches(patterns: tuple[str, ...], event_type: str) -> bool:
    """True when `event_type` matches one of the filter's patterns (`*`, `lead.*`, `handoff.closed`)."""
    return any(fnmatchcase(event_type, pattern) for pattern in patterns)


def check_filter(patterns: tuple[str, ...]) -> None:
    """Refuse a pattern that matches no event type (most likely a typo that would silently drop events)."""
    for pattern in patterns:
        if not any(fnmatchcase(event_type, pattern) for event_type in EVENT_TYPES):
            raise EventFilterError(f"{pattern!r} matches no event type; known types: {', '.join(EVENT_TYPES)}")
