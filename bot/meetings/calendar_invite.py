"""An RFC 5545 iCalendar object for a meeting: METHOD:REQUEST to invite, METHOD:CANCEL to call it off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

PRODID = "-//Leadbot//Meetings//EN"
_MAX_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class InviteDetails:
    uid: str
    starts_at: datetime
    ends_at: datetime
    title: str
    description: str
    organizer: Person
    attendees: Sequence[Person]
    stamp: datetime


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = "".join(ch for ch in value if ch == "\n" or ch >= " ")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n")
            .replace("\n", "\\n"))


def _param(value: str) -> str:
    # A parameter value may not hold DQUOTE or control characters (RFC 5545 3.1, param-value).
    return '"' + "".join(ch for ch in value if ch >= " " and ch != '"') + '"'


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for character in line:
        width = len(character.encode("utf-8"))
        limit = _MAX_OCTETS if not pieces else _MAX_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _person(prefix: str, person: Person, role: str = "") -> str:
    return f"{prefix};CN={_param(person.name)}{role}:mailto:{person.email}"


def invite_calendar(details: InviteDetails, method: str) -> str:
    """The VCALENDAR text (CRLF line ends) for METHOD `REQUEST` or `CANCEL`."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unsupported iTIP method {method!r}")
    cancelled = method == "CANCEL"
    lines = [
        "BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN", f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{details.uid}",
        # A cancellation supersedes the invitation it cancels (RFC 5546 2.1.4: a higher SEQUENCE wins).
        f"SEQUENCE:{1 if cancelled else 0}",
        f"DTSTAMP:{_utc(details.stamp)}",
        f"DTSTART:{_utc(details.starts_at)}",
        f"DTEND:{_utc(details.ends_at)}",
        f"SUMMARY:{escape_text(details.title)}",
        f"DESCRIPTION:{escape_text(details.description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        _person("ORGANIZER", details.organizer),
        *(_person("ATTENDEE", person, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE")
          for person in details.attendees),
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
