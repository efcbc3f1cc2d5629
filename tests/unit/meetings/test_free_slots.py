"""Free meeting times: reps' hours in their own zone, across DST changes, less what is booked."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.meetings.free_slots import RepCalendar, free_slots, rep_starts, slot_at
from bot.meetings.local_time import button_label, full_label
from bot.meetings.weekly_hours import parse_weekly_hours

UTC = timezone.utc


def _calendar(zone, days, rep_id=1, minutes=30, buffer=0, busy=(), last=None) -> RepCalendar:
    return RepCalendar(rep_id, parse_weekly_hours(zone, days), minutes, buffer, tuple(busy), last)


def _utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_reps_nine_oclock_stays_nine_oclock_when_new_york_leaves_summer_time():
    # US DST ends Sunday 2026-11-01: 09:00 is 13:00 UTC on Friday and 14:00 UTC on Monday.
    rep = _calendar("America/New_York", {"mon": "09:00-10:00", "fri": "09:00-10:00"})
    starts = list(rep_starts(rep, _utc(2026, 10, 30), _utc(2026, 11, 3)))
    assert starts == [_utc(2026, 10, 30, 13), _utc(2026, 10, 30, 13, 30), _utc(2026, 11, 2, 14),
                      _utc(2026, 11, 2, 14, 30)]
    assert {start.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") for start in starts} == {"09:00", "09:30"}


def test_visitors_see_the_same_instant_on_their_own_clock():
    start = _utc(2026, 11, 2, 14)  # Monday 09:00 in New York
    assert button_label(start, ZoneInfo("Europe/London")) == "Mon 2 Nov, 14:00"
    assert button_label(start, ZoneInfo("Asia/Kolkata")) == "Mon 2 Nov, 19:30"
    assert button_label(start, ZoneInfo("Pacific/Auckland")) == "Tue 3 Nov, 03:00"
    assert full_label(start, ZoneInfo("America/New_York")) == "Mon 2 Nov 2026, 09:00 (America/New_York)"


def test_hours_that_start_in_the_spring_forward_gap_are_shorter_that_night():
    # London skips 01:00-02:00 on 2026-03-29: 00:30 GMT to 03:00 BST is 90 minutes, room for one hour.
    rep = _calendar("Europe/London", {"sun": "00:30-03:00"}, minutes=60)
    assert list(rep_starts(rep, _utc(2026, 3, 28), _utc(2026, 3, 30))) == [_utc(2026, 3, 29, 0, 30)]
    # A week later the same hours hold two meetings again.
    assert len(list(rep_starts(rep, _utc(2026, 4, 4), _utc(2026, 4, 6)))) == 2


def test_the_repeated_hour_when_clocks_go_back_is_bookable_twice():
    # New York repeats 01:00-02:00 on 2026-11-01: 00:00 EDT to 03:00 EST is four hours.
    rep = _calendar("America/New_York", {"sun": "00:00-03:00"}, minutes=60)
    starts = list(rep_starts(rep, _utc(2026, 10, 31), _utc(2026, 11, 2)))
    assert starts == [_utc(2026, 11, 1, hour) for hour in (4, 5, 6, 7)]


def test_booked_meetings_and_their_buffer_are_not_free():
    busy = [(_utc(2026, 11, 23, 10), _utc(2026, 11, 23, 10, 30))]
    rep = _calendar("UTC", {"mon": "09:00-12:00"}, minutes=30, buffer=10, busy=busy)
    starts = [s.strftime("%H:%M") for s in rep_starts(rep, _utc(2026, 11, 23), _utc(2026, 11, 24))]
    # Starts step by 40 minutes (30 + buffer): 09:40 ends at 10:10, inside the meeting's buffer, and 10:20
    # starts before the buffer after it ends (10:40).
    assert starts == ["09:00", "11:00"]


def test_a_meeting_must_end_by_the_end_of_the_range_and_midnight_closes_a_day():
    rep = _calendar("UTC", {"tue": "22:00-24:00"}, minutes=45)
    starts = list(rep_starts(rep, _utc(2026, 11, 24), _utc(2026, 11, 25, 6)))
    assert starts == [_utc(2026, 11, 24, 22), _utc(2026, 11, 24, 22, 45)]


def test_the_next_three_slots_merge_reps_and_name_them_in_round_robin_order():
    start, end = _utc(2026, 11, 23, 9, 15), _utc(2026, 12, 7)
    ana = _calendar("UTC", {"mon": "09:00-10:00"}, rep_id=1, last=_utc(2026, 11, 20))
    ben = _calendar("UTC", {"mon": "09:30-11:00"}, rep_id=2, last=_utc(2026, 11, 10))
    cat = _calendar("UTC", {"mon": "09:30-10:00"}, rep_id=3)  # never booked: first in line
    slots = free_slots([ana, ben, cat], start, end, 3)
    assert [(s.starts_at.strftime("%H:%M"), s.rep_ids) for s in slots] == [
        ("09:30", (3, 2, 1)), ("10:00", (2,)), ("10:30", (2,))]


def test_only_a_free_time_on_a_reps_grid_and_within_the_window_is_a_slot():
    rep = _calendar("UTC", {"mon": "09:00-12:00"})
    earliest, latest = _utc(2026, 11, 23, 9), _utc(2026, 11, 30)
    assert slot_at([rep], _utc(2026, 11, 23, 9, 30), earliest, latest).rep_ids == (1,)
    assert slot_at([rep], _utc(2026, 11, 23, 9, 10), earliest, latest) is None  # not a start time
    assert slot_at([rep], _utc(2026, 11, 23, 13), earliest, latest) is None  # outside the hours
    assert slot_at([rep], _utc(2026, 12, 7, 9), earliest, latest) is None  # beyond the horizon
    assert slot_at([rep], _utc(2026, 11, 23, 8, 30) - timedelta(days=7), earliest, latest) is None
