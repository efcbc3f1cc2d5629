"""A rep's weekly meeting hours in their own timezone, as typed in the inbox and as stored."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.handoff.availability import DAY_NAMES

MAX_WINDOWS_PER_DAY = 6
MEETING_MINUTES = (15, 20, 30, 45, 60, 90)
MAX_BUFFER_MINUTES = 120
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Window = tuple[time, time | None]  # None as the end means midnight at the end of the day


class ScheduleInputError(ValueError):
    """A rep's hours, length or buffer cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class WeeklyHours:
    """Windows per weekday (0 = Monday) in `zone`."""

    zone: ZoneInfo
    windows: dict[int, tuple[Window, ...]]

    def as_text(self, day: int) -> str:
        """How the inbox shows one day: "09:00-12:00, 13:00-17:00"."""
        return ", ".join(f"{start:%H:%M}-{'24:00' if end is None else f'{end:%H:%M}'}"
                         for start, end in self.windows.get(day, ()))

    def to_json(self) -> str:
        return json.dumps({DAY_NAMES[day]: [text.split("-") for text in self.as_text(day).split(", ")]
                           for day in sorted(self.windows) if self.windows[day]}, sort_keys=True)


def parse_zone(name: str) -> ZoneInfo:
    """The IANA timezone called `name`, or `ScheduleInputError`."""
    cleaned = (name or "").strip()
    if not cleaned or len(cleaned) > 64 or cleaned.startswith(("/", ".")) or ".." in cleaned:
        raise ScheduleInputError(f"{name!r} is not a timezone; write one like Europe/London or America/New_York")
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleInputError(f"{cleaned!r} is not a timezone; write one like Europe/London or "
                                 "America/New_York") from None


def _clock(hours: str, minutes: str, text: str) -> time:
    hour, minute = int(hours), int(minutes)
    if hour > 23 or minute > 59:
        raise ScheduleInputError(f"{text!r}: {hours}:{minutes} is not a time of day")
    return time(hour, minute)


def parse_day(text: str, day_name: str) -> tuple[Window, ...]:
    """"09:00-12:00, 13:00-17:00" (or empty for no meetings that day) as ordered, non-overlapping windows."""
    windows: list[Window] = []
    for part in (p for p in (text or "").split(",") if p.strip()):
        match = _WINDOW.match(part)
        if match is None:
            raise ScheduleInputError(f"{day_name}: {part.strip()!r} should look like 09:00-12:00")
        start = _clock(match[1], match[2], part.strip())
        end = None if (match[3], match[4]) in (("24", "00"),) else _clock(match[3], match[4], part.strip())
        if end is not None and end <= start:
            raise ScheduleInputError(f"{day_name}: {part.strip()!r} ends before it starts")
        windows.append((start, end))
    if len(windows) > MAX_WINDOWS_PER_DAY:
        raise ScheduleInputError(f"{day_name}: at most {MAX_WINDOWS_PER_DAY} time ranges a day")
    windows.sort(key=lambda window: window[0])
    for (_, end), (start, _) in pairwise(windows):
        if end is None or start < end:
            raise ScheduleInputError(f"{day_name}: time ranges overlap")
    return tuple(windows)


def parse_weekly_hours(zone_name: str, days: dict[str, str]) -> WeeklyHours:
    """From the inbox form: a timezone and, per day name (mon..sun), that day's ranges."""
    zone = parse_zone(zone_name)
    return WeeklyHours(zone, {index: windows for index, name in enumerate(DAY_NAMES)
                              if (windows := parse_day(days.get(name, ""), name.capitalize()))})


def load_weekly_hours(zone_name: str, stored: str) -> WeeklyHours:
    """From the database's JSON (written by `WeeklyHours.to_json`)."""
    days = {name: ", ".join("-".join(window) for window in windows)
            for name, windows in json.loads(stored or "{}").items()}
    return parse_weekly_hours(zone_name, days)


def check_length(meeting_minutes: str, buffer_minutes: str) -> tuple[int, int]:
    """Meeting length (one of MEETING_MINUTES) and buffer (0-120) from form text."""
    try:
        length, buffer = int(str(meeting_minutes).strip()), int(str(buffer_minutes).strip())
    except ValueError:
        raise ScheduleInputError("meeting length and buffer are whole numbers of minutes") from None
    if length not in MEETING_MINUTES:
        raise ScheduleInputError(f"meeting length must be one of {', '.join(map(str, MEETING_MINUTES))} minutes")
    if not 0 <= buffer <= MAX_BUFFER_MINUTES:
        raise ScheduleInputError(f"buffer must be between 0 and {MAX_BUFFER_MINUTES} minutes")
    return length, buffer
