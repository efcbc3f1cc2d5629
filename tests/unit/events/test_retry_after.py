"""Retry-After answers (seconds or an HTTP date) become a delay, capped at an hour."""

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from bot.events.http_call import retry_after

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def test_seconds_and_dates():
    assert retry_after("30", NOW) == timedelta(seconds=30)
    assert retry_after(format_datetime(NOW + timedelta(minutes=2), usegmt=True), NOW) == timedelta(minutes=2)


def test_missing_unreadable_past_and_huge_values():
    assert retry_after(None, NOW) is None
    assert retry_after("soon", NOW) is None
    assert retry_after(format_datetime(NOW - timedelta(minutes=2), usegmt=True), NOW) == timedelta(0)
    assert retry_after("999999", NOW) == timedelta(hours=1)
