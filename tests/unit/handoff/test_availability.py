"""Business hours."""

from datetime import datetime, timezone

import pytest

from bot.handoff.availability import AvailabilityConfigError, parse_business_hours


def test_weekday_office_hours_in_a_timezone():
    hours = parse_business_hours("Europe/Berlin", "mon,tue,wed,thu,fri", "09:00-17:30")
    # Monday 2026-11-23 07:59 UTC is 08:59 in Berlin (CET): closed; 08:00 UTC is 09:00: open.
    assert not hours.is_open(datetime(2026, 11, 23, 7, 59, tzinfo=timezone.utc))
    assert hours.is_open(datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc))
    assert not hours.is_open(datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc))  # 17:30 local
    assert not hours.is_open(datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc))  # Sunday
    assert hours.describe() == "Mon, Tue, Wed, Thu, Fri, 09:00-17:30 (Europe/Berlin)"


def test_all_day_every_day():
    hours = parse_business_hours("UTC", "mon,tue,wed,thu,fri,sat,sun", "00:00-24:00")
    assert hours.is_open(datetime(2026, 11, 22, 23, 59, tzinfo=timezone.utc))
    assert hours.is_open(datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc))


@pytest.mark.parametrize("zone, days, span, problem", [
    ("Mars/Olympus", "mon", "09:00-17:00", "BUSINESS_TIMEZONE"),
    ("UTC", "funday", "09:00-17:00", "BUSINESS_DAYS"),
    ("UTC", "mon", "9am to 5pm", "BUSINESS_HOURS"),
    ("UTC", "mon", "17:00-09:00", "closing time"),
])
def test_bad_settings_say_which(zone, days, span, problem):
    with pytest.raises(AvailabilityConfigError, match=problem):
        parse_business_hours(zone, days, span)
