"""Meeting times as chat buttons, and the visitor's pick and timezone read back (both untrusted)."""

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from bot.meetings.chat_choices import parse_start, slot_buttons, timezone_from_events
from bot.meetings.free_slots import Slot

START = datetime(2026, 11, 24, 14, tzinfo=timezone.utc)


def test_buttons_show_the_visitors_clock_and_carry_the_utc_start():
    buttons = slot_buttons([Slot(START, (1,))], ZoneInfo("America/Los_Angeles"), "Other times")
    assert buttons[0]["title"] == "Tue 24 Nov, 06:00"
    intent, entities = buttons[0]["payload"].split("{", 1)
    assert intent == "/book_meeting" and json.loads("{" + entities) == {"meeting_start": "2026-11-24T14:00:00Z"}
    assert buttons[1] == {"title": "Other times", "payload": "/ask_other_times"}
    assert parse_start("2026-11-24T14:00:00Z") == START


def test_a_typed_or_altered_start_is_refused():
    for text in (None, 42, "", "tomorrow at 10", "2026-11-24T14:00:00", "2026-11-24T14:00:00Z" + " " * 40):
        assert parse_start(text) is None


def test_the_latest_reported_timezone_wins_and_nonsense_falls_back():
    fallback = ZoneInfo("UTC")
    events = [{"event": "user", "metadata": {"timezone": "Europe/Paris"}}, {"event": "bot", "text": "hi"},
              {"event": "user", "metadata": {}}]
    assert timezone_from_events(events, fallback).key == "Europe/Paris"
    assert timezone_from_events([{"event": "user", "metadata": {"timezone": "../../etc/passwd"}}], fallback) \
        is fallback
    assert timezone_from_events([{"event": "user", "metadata": {"timezone": ["x"]}}], fallback) is fallback
    assert timezone_from_events([], fallback) is fallback
