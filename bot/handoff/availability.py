"""Business hours: whether a rep can be expected to answer now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class AvailabilityConfigError(ValueError):
    """BUSINESS_* settings are malformed; the message says which and how to write it."""


@dataclass(frozen=True)
class BusinessHours:
    timezone: ZoneInfo
    days: frozenset[int]  # 0 = Monday
    opens: time
    closes: time  # time(0) with closes_at_midnight means 24:00
    closes_at_midnight: bool = False

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.timezone)
        if local.weekday() not in self.days:
            return False
        now = local.time()
        return self.opens <= now and (self.closes_at_midnight or now < self.closes)

    def describe(self) -> str:
        days = ", ".join(DAY_NAMES[d].capitalize() for d in sorted(self.days))
        closes = "24:00" if self.closes_at_midnight else self.closes.strftime("%H:%M")
        return f"{days}, {self.opens.strftime('%H:%M')}-{closes} ({self.timezone.key})"


def _clock(text: str, name: str) -> time:
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise AvailabilityConfigError(f"{name}: {text!r} is not a time like 09:00") from None


def parse_business_hours(timezone: str, days: str, hours: str) -> BusinessHours:
    """From settings like "Europe/London", "mon,tue,wed,thu,fri", "09:00-17:30"."""
    try:
        zone = ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise AvailabilityConfigError(f"BUSINESS_TIMEZONE: {timezone!r} is not a timezone like Europe/London") \
            from None
    day_numbers = set()
    for day in (d.strip().lower()[:3] for d in days.split(",") if d.strip()):
        if day not in DAY_NAMES:
            raise AvailabilityConfigError(f"BUSINESS_DAYS: {day!r} is not one of {', '.join(DAY_NAMES)}")
        day_numbers.add(DAY_NAMES.index(day))
    if "-" not in hours:
        raise AvailabilityConfigError(f"BUSINESS_HOURS: {hours!r} must look like 09:00-17:30")
    start, end = hours.split("-", 1)
    opens = _clock(start, "BUSINESS_HOURS")
    midnight = end.strip() == "24:00"
    closes = time(0) if midnight else _clock(end, "BUSINESS_HOURS")
    if not midnight and closes <= opens:
        raise AvailabilityConfigError("BUSINESS_HOURS: closing time must be after opening time")
    return BusinessHours(zone, frozenset(day_numbers), opens, closes, midnight)
