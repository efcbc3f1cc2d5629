"""A rep's weekly hours as typed in the inbox: clear errors for what cannot be used."""

import pytest

from bot.meetings.weekly_hours import ScheduleInputError, check_length, load_weekly_hours, parse_weekly_hours


def test_hours_round_trip_through_storage():
    hours = parse_weekly_hours("Europe/Berlin", {"mon": "13:00-17:00, 09:00-12:00", "fri": " 9:00 - 24:00 "})
    assert hours.as_text(0) == "09:00-12:00, 13:00-17:00"
    assert hours.as_text(4) == "09:00-24:00"
    again = load_weekly_hours("Europe/Berlin", hours.to_json())
    assert again == hours and again.as_text(2) == ""


@pytest.mark.parametrize("zone, days, problem", [
    ("Mars/Olympus", {}, "not a timezone"),
    ("../../etc/passwd", {}, "not a timezone"),
    ("", {}, "not a timezone"),
    ("UTC", {"mon": "9 to 5"}, "should look like 09:00-12:00"),
    ("UTC", {"tue": "17:00-09:00"}, "ends before it starts"),
    ("UTC", {"wed": "09:00-12:00, 11:00-13:00"}, "overlap"),
    ("UTC", {"thu": "25:00-26:00"}, "not a time of day"),
    ("UTC", {"fri": ", ".join(f"{h:02d}:00-{h:02d}:30" for h in range(8))}, "at most 6"),
])
def test_unusable_hours_say_what_to_write(zone, days, problem):
    with pytest.raises(ScheduleInputError, match=problem):
        parse_weekly_hours(zone, days)


@pytest.mark.parametrize("length, buffer, problem", [
    ("25", "10", "must be one of"), ("30", "-5", "between 0 and"), ("thirty", "0", "whole numbers"),
    ("30", "500", "between 0 and")])
def test_length_and_buffer_are_checked(length, buffer, problem):
    with pytest.raises(ScheduleInputError, match=problem):
        check_length(length, buffer)
    assert check_length("45", "15") == (45, 15)
