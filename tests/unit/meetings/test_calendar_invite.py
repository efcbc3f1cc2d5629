"""Invitations are valid RFC 5545, as the icalendar library (what many calendar tools use) reads them."""

from datetime import datetime, timezone

import icalendar
import pytest

from bot.meetings.calendar_invite import InviteDetails, Person, fold, invite_calendar

DETAILS = InviteDetails(
    uid="0123abcd@leadbot.meetings", starts_at=datetime(2026, 11, 24, 14, tzinfo=timezone.utc),
    ends_at=datetime(2026, 11, 24, 14, 30, tzinfo=timezone.utc), title="Call with Rita; intro, part 1",
    description='Goal: "onboard faster, with less copy-paste"; team 40\nSecond line \\ done. Ünïcødé ✓ ' * 3,
    organizer=Person("Rita Rep", "rita@example.com"),
    attendees=(Person('Sam "the visitor" Lee', "sam@example.com"), Person("Rita Rep", "rita@example.com")),
    stamp=datetime(2026, 11, 23, 9, tzinfo=timezone.utc))


@pytest.mark.parametrize("method, status, sequence", [("REQUEST", "CONFIRMED", 0), ("CANCEL", "CANCELLED", 1)])
def test_the_invitation_parses_with_what_was_put_in(method, status, sequence):
    text = invite_calendar(DETAILS, method)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == method and calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == DETAILS.uid and event["SEQUENCE"] == sequence and event["STATUS"] == status
    assert event.decoded("DTSTART") == DETAILS.starts_at and event.decoded("DTEND") == DETAILS.ends_at
    assert event.decoded("DTSTAMP") == DETAILS.stamp
    assert str(event["SUMMARY"]) == DETAILS.title
    assert str(event["DESCRIPTION"]) == DETAILS.description
    assert str(event["ORGANIZER"]) == "mailto:rita@example.com"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:sam@example.com", "mailto:rita@example.com"]
    assert attendees[0].params["CN"] == "Sam the visitor Lee"  # a quote cannot end the parameter early


def test_lines_are_crlf_and_folded_at_75_octets_without_splitting_a_character():
    text = invite_calendar(DETAILS, "REQUEST")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert fold("✓" * 40).split("\r\n ")[0] == "✓" * 25  # 3 octets each: 25 fit in 75


def test_only_request_and_cancel_are_written():
    with pytest.raises(ValueError):
        invite_calendar(DETAILS, "PUBLISH")
