"""Reading a conversation's events (Rasa's dict form, as the action server and `Event.as_dict()` give them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from bot.visits.page_context import page_from_metadata

Event = Mapping[str, Any]
FORGET_ACTION = "action_forget_visitor"


def typed_by_visitor(text: str) -> bool:
    """True for words a person typed; False for empty text and for intents sent by buttons ("/affirm")
    or by the inbox ("EXTERNAL: ...")."""
    return bool(text) and not text.startswith(("/", "EXTERNAL:"))


def visitor_intents(events: Iterable[Event]) -> list[str]:
    """Intents of the visitor's messages, oldest first."""
    names = (((event.get("parse_data") or {}).get("intent") or {}).get("name")
             for event in events if event.get("event") == "user")
    return [name for name in names if name]


def visitor_pages(events: Iterable[Event]) -> list[tuple[str, str]]:
    """(page path, campaign medium) of every page the widget reported with the visitor's messages, the page
    where it first saw them included, in order; for warmth's page and campaign signals."""
    seen: list[tuple[str, str]] = []
    for event in events:
        if event.get("event") != "user":
            continue
        for key in ("landing", "page"):
            page = page_from_metadata(event.get("metadata"), key)
            if page is not None and (visited := (urlsplit(page.url).path, page.utm_medium.lower())) not in seen:
                seen.append(visited)
    return seen


def split_at_latest_message(events: Sequence[Event]) -> tuple[Sequence[Event], Sequence[Event]]:
    """(events before the visitor's latest message, that message and everything after it)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[:index], events[index:]
    return events, []


def since_form_started(events: Sequence[Event], form: str) -> Sequence[Event]:
    """The events after `form` was last activated (all of them if it never was)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "active_loop" and events[index].get("name") == form:
            return events[index + 1:]
    return events


def times_said(events: Iterable[Event], response: str) -> int:
    """How often the assistant said `response` among `events`."""
    return sum(1 for event in events
               if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response)


def last_said_before_latest_message(events: Sequence[Event]) -> str:
    """The response the assistant said last before the visitor's latest message ("" if none)."""
    before, _ = split_at_latest_message(events)
    for event in reversed(before):
        if event.get("event") == "bot":
            return str((event.get("metadata") or {}).get("utter_action") or "")
    return ""


def forget_requested_this_turn(events: Sequence[Event]) -> bool:
    """True when the forget action ran after the visitor's latest message."""
    _, turn = split_at_latest_message(events)
    return any(event.get("event") == "action" and event.get("name") == FORGET_ACTION for event in turn)


def slot_values(events: Iterable[Event], start: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Slot values after `events` (replayed on top of `start`, the values before them), from the latest session
    start."""
    values: dict[str, Any] = dict(start or {})
    for event in events:
        kind = event.get("event")
        if kind in ("session_started", "reset_slots"):
            values.clear()
        elif kind == "slot":
            values[event["name"]] = event.get("value")
    return values
