"""Meeting times as people read them: in their own timezone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.meetings.weekly_hours import ScheduleInputError, parse_zone


def visitor_zone(name: object, fallback: ZoneInfo) -> ZoneInfo:
    """The zone the widget reported (untrusted), or `fallback` when it sent none or nonsense."""
    if not isinstance(name, str):
        return fallback
    try:
        return parse_zone(name)
    except ScheduleInputError:
        return fallback


def button_label(moment: datetime, zone: ZoneInfo) -> str:
    """"Tue 24 Nov, 10:00"."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def full_label(moment: datetime, zone: ZoneInfo) -> str:
    """"Tue 24 Nov 2026, 10:00 (Europe/London)"."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} ({zone.key})"
