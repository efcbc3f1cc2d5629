"""Meetings booked in the chat, over the real stack: a rep sets hours in the inbox, a visitor asks for a demo,
picks a time in their own timezone, gives an email, and both receive an invitation on a real SMTP server;
the signed link cancels it; a second visitor racing for the same time is offered others."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import requests

from bot.db.engine import session_scope
from bot.db.models import Meeting
from bot.runtime.stack_process import post_json
from tests.e2e.test_handoff import _stack, sign_in
from tests.support.receivers import smtp_server
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.db]
VISITOR_ZONE = "Asia/Tokyo"


@pytest.fixture(scope="module")
def mail():
    with smtp_server() as (port, received):
        yield port, received


@pytest.fixture(scope="module")
def booking_stack(trained_model, tmp_path_factory, mail):
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mail[0]), "SMTP_STARTTLS": "false",
           "MEETING_MIN_NOTICE_MINUTES": "60"}
    yield from _stack(trained_model, tmp_path_factory, "meetings", env)


def say(stack, sender: str, text: str) -> list[dict]:
    """A message as the widget sends it: with the visitor's timezone."""
    return post_json(f"{stack.rasa_url}/webhooks/rest/webhook",
                     {"sender": stack.visitor(sender), "message": text, "metadata": {"timezone": VISITOR_ZONE}})


def _hours_form(browser, stack) -> str:
    page = browser.get(f"{stack.web_url}/inbox/meetings", timeout=10)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def _calendar_of(raw: str) -> icalendar.Calendar:
    message = email.message_from_string(raw, policy=email.policy.default)
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_a_visitor_books_a_call_and_both_people_get_an_invitation(booking_stack, mail):
    stack, received = booking_stack, mail[1]
    rita = sign_in(stack)
    csrf = _hours_form(rita, stack)
    refused = rita.post(f"{stack.web_url}/inbox/meetings/hours", timeout=10, allow_redirects=False,
                        data={"csrf": csrf, "timezone": "Mars/Olympus", "meeting_minutes": "30", "buffer_minutes": "0"})
    assert refused.status_code == 400 and "not a timezone" in refused.text
    every_day = {day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    saved = rita.post(f"{stack.web_url}/inbox/meetings/hours", timeout=10, allow_redirects=False,
                      data={"csrf": csrf, "timezone": "America/New_York", "meeting_minutes": "30",
                            "buffer_minutes": "0", **every_day})
    assert saved.status_code == 303

    # A second visitor, email already given, is offered times too; a button is the only way to send one.
    say(stack, "late-visitor", "my email is kim@example.com")
    late_offer = [b["payload"] for b in say(stack, "late-visitor", "could I see a demo?")[-1]["buttons"]]

    replies = say(stack, "demo-visitor", "could I see a demo?")
    offer = replies[-1]
    assert f"({VISITOR_ZONE})" in offer["text"]
    times, other = offer["buttons"][:3], offer["buttons"][3]
    assert other == {"title": "Other times", "payload": "/ask_other_times"}
    first_start = datetime.fromisoformat(re.search(r'"meeting_start": "([^"]+)"', times[0]["payload"])[1]
                                         .replace("Z", "+00:00"))
    local = first_start.astimezone(ZoneInfo(VISITOR_ZONE))
    assert times[0]["title"] == f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"  # the visitor's clock
    later = say(stack, "demo-visitor", other["payload"])[-1]["buttons"]
    assert later[0]["payload"] > times[-1]["payload"]  # "other times" continues after the last one shown

    shared = next(b for b in times if b["payload"] in late_offer)  # both were offered it
    first_start = datetime.fromisoformat(re.search(r'"meeting_start": "([^"]+)"', shared["payload"])[1]
                                         .replace("Z", "+00:00"))
    asked = say(stack, "demo-visitor", shared["payload"])
    assert "What email should I send the calendar invitation to" in asked[-1]["text"]
    confirmed = say(stack, "demo-visitor", "sam.lee@example.com")[-1]["text"]
    assert confirmed.startswith("You're booked: Rita Rep will call you on")
    assert f"({VISITOR_ZONE})" in confirmed and "sam.lee@example.com" in confirmed

    assert wait_for(lambda: len(received) >= 2, 30), "two invitations"
    invitations = {email.message_from_string(raw)["To"]: raw for raw in received[:2]}
    assert set(invitations) == {"sam.lee@example.com", "rita@example.com"}
    for raw in invitations.values():
        calendar = _calendar_of(raw)
        [event] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "REQUEST" and event.decoded("DTSTART") == first_start
    visitor_mail = email.message_from_string(invitations["sam.lee@example.com"], policy=email.policy.default)
    visitor_text = next(p for p in visitor_mail.walk() if p.get_content_type() == "text/plain").get_content()
    manage = re.search(r"(http://\S+/meetings/[0-9a-f]{32}\.[0-9a-f]{32})", visitor_text)[1]

    # The second visitor picks the same time: it is taken, other times are offered.
    raced = say(stack, "late-visitor", shared["payload"])[-1]
    assert raced["text"].startswith("I'm sorry, someone just took that time")
    assert shared["payload"] not in [b["payload"] for b in raced["buttons"]]
    # Typing intent syntax is not pressing a button: a time nobody offered books nothing.
    forged = '/book_meeting{"meeting_start": "' + raced["buttons"][0]["payload"].split('"')[3] + '"}'
    assert not say(stack, "typist", forged)[-1]["text"].startswith("What email")

    # The rep sees the meeting in the inbox.
    listing = rita.get(f"{stack.web_url}/inbox/meetings", timeout=10).text
    assert "sam.lee@example.com" in listing and "(America/New_York)" in listing

    # The visitor cancels through their link; both get a cancellation.
    page = requests.get(manage, timeout=10)
    assert page.status_code == 200 and "Cancel this call" in page.text and "no-store" in page.headers["Cache-Control"]
    token = manage.rsplit("/", 1)[1]
    bad_time = requests.post(f"{manage}/reschedule", data={"start": "next tuesday"}, timeout=10)
    assert bad_time.status_code == 400 and "Pick one of the times" in bad_time.text
    cancelled = requests.post(f"{manage}/cancel", timeout=10, allow_redirects=False)
    assert cancelled.status_code == 303 and cancelled.headers["Location"] == f"/meetings/{token}"
    assert "This call is cancelled" in requests.get(manage, timeout=10).text
    again = requests.post(f"{manage}/cancel", timeout=10, allow_redirects=False)
    assert again.status_code == 409 and "already cancelled" in again.text
    assert wait_for(lambda: len(received) >= 4, 30), "two cancellations"
    assert {_calendar_of(raw)["METHOD"] for raw in received[2:4]} == {"CANCEL"}
    with session_scope(stack.database_url) as session:
        assert [m.status for m in session.query(Meeting).order_by(Meeting.id)] == ["cancelled"]
    assert datetime.now(timezone.utc) < first_start
