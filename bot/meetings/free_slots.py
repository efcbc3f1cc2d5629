"""Which meeting times are free: each rep's weekly hours made into start times (DST-safe), less what is booked.

Pure functions on aware datetimes: every instant is compared in UTC, every wall-clock time is built in the
rep's own zone, so a DST change moves no one's 09:00.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from bot.meetings.weekly_hours import WeeklyHours

UTC = timezone.utc


@dataclass(frozen=True)
class RepCalendar:
    """One rep as the slot maths sees them."""

    rep_id: int
    hours: WeeklyHours
    meeting_minutes: int
    buffer_minutes: int
    busy: tuple[tuple[datetime, datetime], ...] = ()  # booked meetings, any rep-side length
    last_booked_at: datetime | None = None  # for round-robin: who had a booking least recently goes first

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.meeting_minutes)


@dataclass(frozen=True)
class Slot:
    """A start time and the reps free then, in round-robin order."""

    starts_at: datetime
    rep_ids: tuple[int, ...]


def _instant(day: date, clock: time | None, calendar: RepCalendar) -> datetime:
    # A wall-clock time in a DST gap resolves (fold=0) to the instant an hour later on the clock: a range
    # that starts in the gap starts when the clock jumps.
    if clock is None:
        return datetime.combine(day + timedelta(days=1), time(0), calendar.hours.zone).astimezone(UTC)
    return datetime.combine(day, clock, calendar.hours.zone).astimezone(UTC)


def _is_free(start: datetime, calendar: RepCalendar) -> bool:
    gap = timedelta(minutes=calendar.buffer_minutes)
    end = start + calendar.length
    return all(not (start < busy_end + gap and busy_start < end + gap) for busy_start, busy_end in calendar.busy)


def rep_starts(calendar: RepCalendar, earliest: datetime, latest: datetime) -> Iterator[datetime]:
    """Every free start time for `calendar` in [earliest, latest], in order (UTC).

    Within each range, meetings follow one another with the buffer between them, starting at the range's
    start; a meeting must end by the range's end.
    """
    step = calendar.length + timedelta(minutes=calendar.buffer_minutes)
    zone = calendar.hours.zone
    day = earliest.astimezone(zone).date() - timedelta(days=1)
    last_day = latest.astimezone(zone).date()
    while day <= last_day:
        for start_clock, end_clock in calendar.hours.windows.get(day.weekday(), ()):
            start, end = _instant(day, start_clock, calendar), _instant(day, end_clock, calendar)
            while start + calendar.length <= end:
                if start > latest:
                    break
                if start >= earliest and _is_free(start, calendar):
                    yield start
                start += step
        day += timedelta(days=1)


def _round_robin(calendars: Sequence[RepCalendar]) -> tuple[int, ...]:
    never = datetime.min.replace(tzinfo=UTC)
    return tuple(c.rep_id for c in sorted(calendars, key=lambda c: (c.last_booked_at or never, c.rep_id)))


def free_slots(calendars: Sequence[RepCalendar], earliest: datetime, latest: datetime,
               count: int) -> list[Slot]:
    """The first `count` start times at which at least one rep is free, each with its free reps."""
    reps_at: dict[datetime, list[RepCalendar]] = {}
    for calendar in calendars:
        for start in rep_starts(calendar, earliest, latest):
            reps_at.setdefault(start, []).append(calendar)
    return [Slot(start, _round_robin(reps_at[start])) for start in sorted(reps_at)[:count]]


def slot_at(calendars: Sequence[RepCalendar], start: datetime, earliest: datetime,
            latest: datetime) -> Slot | None:
    """The slot starting exactly at `start`, if it is one of the free ones between earliest and latest."""
    if not earliest <= start <= latest:
        return None
    free = [c for c in calendars if any(True for _ in rep_starts(c, start, start))]
    if not free:
        return None
    return Slot(start, _round_robin(free))
