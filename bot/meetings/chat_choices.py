"""Meeting times as chat buttons, and the visitor's pick and timezone read back from the conversation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.meetings.free_slots import Slot
from bot.meetings.local_time import button_label, visitor_zone

BOOK_INTENT = "book_meeting"
OTHER_TIMES_PAYLOAD = "/ask_other_times"
MAX_START_TEXT = 40


def slot_buttons(slots: Sequence[Slot], zone: ZoneInfo, other_times_label: str | None) -> list[dict[str, str]]:
    """One button per slot (labelled in `zone`, carrying the UTC start), then "other times" if labelled."""
    buttons = [{"title": button_label(slot.starts_at, zone),
                "payload": f"/{BOOK_INTENT}" + json.dumps({"meeting_start": iso_start(slot.starts_at)})}
               for slot in slots]
    if other_times_label:
        buttons.append({"title": other_times_label, "payload": OTHER_TIMES_PAYLOAD})
    return buttons


def iso_start(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_start(text: object) -> datetime | None:
    """The aware UTC start a button carried; None for anything else (the payload can be typed by anyone)."""
    if not isinstance(text, str) or len(text) > MAX_START_TEXT:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(timezone.utc)


def timezone_from_events(events: Iterable[Mapping[str, Any]], fallback: ZoneInfo) -> ZoneInfo:
    """The timezone the widget sent with the visitor's latest message that had one (else `fallback`)."""
    for event in reversed(list(events)):
        if event.get("event") == "user":
            reported = (event.get("metadata") or {}).get("timezone")
            if reported:
                return visitor_zone(reported, fallback)
    return fallback
