"""Contact preferences, said in the chat or set on the card, are stored and enforced by every surface that
could contact the visitor: the inbox (and a rep's message), notifications, meeting offers, CRM sync, the CSV
export and the events connected systems receive."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.after_turn import after_turn
from bot.db.engine import session_scope
from bot.db.models import EventDelivery, Notification
from bot.db.repository import Repository
from bot.events.delivery_worker import deliver_due_events, fan_out_new_events
from bot.handoff import lifecycle
from bot.handoff.desk import HandoffDesk
from bot.handoff.lifecycle import HandoffStateError
from bot.handoff.notify import notification_text
from bot.handoff.warmth import Warmth, load_warmth_config
from bot.meetings import booking
from bot.profile.visitor_card import CardInputError, correct_line, remove_line, visitor_card
from bot.profile.visitor_export import visitor_export
from bot.profile.visitor_store import VisitorStore
from bot.settings import load_handoff_settings
from bot.web.inbox.export import csv_export
from bot.web.inbox.read_model import handoff_card, inbox_queue
from tests.db.test_crm_sync import (
    _create_hubspot_properties,
    _failures,
    _settings,
    hubspot,  # noqa: F401 (fixtures)
    mapping_file,  # noqa: F401
    salesforce,  # noqa: F401
)
from tests.db.test_event_outbox import _events, _turn, _validate
from tests.db.test_meetings import NOW, SETTINGS, SLOT, _rep

pytestmark = pytest.mark.db
SENDER = "v-prefs"
TODAY = datetime.now(timezone.utc).date()


def _desk(database_url) -> HandoffDesk:
    return HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())


def _say(database_url, text, intent="set_contact_preferences", sender=SENDER) -> None:
    with session_scope(database_url) as session:
        after_turn(session, _desk(database_url), _turn(sender, text, intent, {}), None)


def _consented(database_url, sender=SENDER) -> None:
    _say(database_url, "we want faster onboarding", "share_goal", sender)
    VisitorStore(database_url).save_contact(sender, f"{sender}@example.com", "email follow-up")


def _handoff(database_url, reps_around=True, sender=SENDER) -> int:
    started = lifecycle.start(database_url, sender, "asked for a person", Warmth(70, ("asked for a person",)),
                              "Asked for a person.", reps_around, ("email",), "http://inbox.example/inbox")
    return started.handoff_id


def test_preferences_said_in_the_chat_are_stored_added_to_and_announced(database_url):
    _consented(database_url)
    _say(database_url, "email only please, no calls")
    _say(database_url, "and please don't reach out before the 1st of march 2027", "inform")
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead(SENDER)
        assert (lead.contact_channel, lead.contact_not_before, lead.contact_set_on_card) == \
            ("email", date(2027, 3, 1), False)
        assert "1st of march" in lead.contact_said
    events = [e for e in _events(database_url) if e["type"] == "contact.preferences_set"]
    assert len(events) == 2
    for event in events:
        _validate(event)
    assert events[-1]["data"]["contact"] == {
        "channel": "email", "not_before": "2027-03-01", "scope": None, "may_follow_up": TODAY >= date(2027, 3, 1),
        "summary": "prefers email, no calls · not before 1 Mar 2027",
        "why_not": None if TODAY >= date(2027, 3, 1) else "they asked not to be contacted before 1 Mar 2027"}
    assert "said" not in events[-1]["data"]["contact"]  # their words stay in the product
    export = visitor_export(database_url, SENDER)
    assert export["contact_preferences"]["channel"] == "email"


def test_saying_the_same_again_changes_nothing_and_announces_nothing(database_url):
    _consented(database_url)
    _say(database_url, "email only please")
    _say(database_url, "like I said, email only", "inform")
    with session_scope(database_url) as session:
        assert Repository(session).get_lead(SENDER).contact_said == "email only please"
    assert len([e for e in _events(database_url) if e["type"] == "contact.preferences_set"]) == 1
    _say(database_url, "email only, and not before the 1st of march 2027")
    assert len([e for e in _events(database_url) if e["type"] == "contact.preferences_set"]) == 2


def test_the_card_shows_sets_and_clears_them_and_the_rep_sees_who_set_them(database_url):
    _consented(database_url)
    handoff_id = _handoff(database_url)
    assert "contact" not in {line.fact for line in visitor_card(database_url, SENDER).lines}
    with pytest.raises(CardInputError, match="how to contact you"):
        correct_line(database_url, SENDER, "contact", "whenever, I guess")
    card, _ = correct_line(database_url, SENDER, "contact", "just send me the guide")
    [line] = [line for line in card.lines if line.fact == "contact"]
    assert (line.value, line.corrected) == ("just what you asked for, no sales follow-up", True)
    contact = handoff_card(database_url, handoff_id)["contact"]
    assert contact == {"summary": "only what they asked for, no sales follow-up",
                       "said": "just send me the guide", "on_card": True}
    # A card edit replaces what was said before; removing the line clears it.
    _say(database_url, "email only")
    card, _ = correct_line(database_url, SENDER, "contact", "no emails")
    assert [line.value for line in card.lines if line.fact == "contact"] == ["no emails"]
    card, _ = correct_line(database_url, SENDER, "contact", "calls are fine")  # lifts it; nothing left to show
    assert "contact" not in {line.fact for line in card.lines}
    for event in _events(database_url):
        _validate(event)
    card = remove_line(database_url, SENDER, "contact")
    assert "contact" not in {line.fact for line in card.lines}
    assert handoff_card(database_url, handoff_id)["contact"]["summary"] == ""


def test_the_inbox_shows_them_and_refuses_a_reps_message_against_them(database_url):
    _consented(database_url)
    _say(database_url, "email only, no calls")
    handoff_id = _handoff(database_url)
    with session_scope(database_url) as session:
        rita = Repository(session).add_rep("rita@example.com", "Rita", "h").id
    lifecycle.claim_in_db(database_url, handoff_id, rita)
    [row] = inbox_queue(database_url, rita)
    assert row["contact"] == "prefers email, no calls"
    with pytest.raises(HandoffStateError, match="not to be called"):
        lifecycle.reply_check_in_db(database_url, handoff_id, rita, "Shall we hop on a quick call tomorrow?")
    assert lifecycle.reply_check_in_db(database_url, handoff_id, rita, "I'll send you an email with it") == SENDER
    assert lifecycle.reply_check_in_db(database_url, handoff_id, rita, "What matters most to you?") == SENDER


def test_notifications_say_how_to_contact_them_and_a_follow_up_waits_for_their_date(database_url):
    _consented(database_url)
    _say(database_url, "email only, and please don't contact me until the 1st of june 2031")
    handoff_id = _handoff(database_url, reps_around=False)  # out of hours: a rep follows up later
    with session_scope(database_url) as session:
        [notification] = session.scalars(select(Notification)).all()
        assert notification.next_attempt_at == datetime(2031, 6, 1, tzinfo=timezone.utc)
        _, body = notification_text(Repository(session).get_handoff(handoff_id), "http://inbox.example/inbox")
    assert "How they want to be contacted: prefers email, no calls · not before 1 Jun 2031" in body
    [queued] = [e for e in _events(database_url) if e["type"] == "handoff.queued"]
    _validate(queued)
    assert queued["data"]["contact"]["may_follow_up"] is False


def test_a_live_handoff_is_announced_at_once(database_url):
    _consented(database_url)
    _say(database_url, "not before the 1st of june 2031 please, talk then")
    _handoff(database_url, reps_around=True)  # they are waiting in the chat now
    with session_scope(database_url) as session:
        [notification] = session.scalars(select(Notification)).all()
        assert notification.next_attempt_at < datetime(2031, 1, 1, tzinfo=timezone.utc)


def test_no_meeting_is_offered_or_booked_against_them(database_url):
    _rep(database_url, "rita@example.com", "Rita Rep")
    _consented(database_url)
    assert booking.call_refused(database_url, SENDER, NOW.date()) is None
    _say(database_url, "no calls please")
    refused = booking.call_refused(database_url, SENDER, NOW.date())
    assert refused is not None and refused.channel == "email"
    with pytest.raises(booking.MeetingRefused, match="not to be called"):
        booking.book(database_url, SETTINGS, SENDER, SLOT, "UTC", NOW)
    _say(database_url, "actually calls are fine")
    assert isinstance(booking.book(database_url, SETTINGS, SENDER, SLOT, "UTC", NOW), booking.Booked)


def test_the_csv_withholds_an_email_they_asked_not_to_get_and_says_why(database_url):
    _consented(database_url)
    _say(database_url, "no emails, you can call me")
    _consented(database_url, "v-other")
    rows = {row["sender_id"]: row for row in csv.DictReader(io.StringIO(csv_export(database_url, "leads")))}
    assert rows[SENDER]["email"] == "(withheld: they asked not to be emailed (no emails (a call is fine)))"
    assert rows[SENDER]["contact_preferences"] == "no emails (a call is fine)"
    assert rows["v-other"]["email"] == "v-other@example.com" and rows["v-other"]["may_follow_up"] == "yes"
    _consented(database_url, "v-opted-out")
    VisitorStore(database_url).opt_out("v-opted-out")
    rows = {row["sender_id"]: row for row in csv.DictReader(io.StringIO(csv_export(database_url, "leads")))}
    assert rows["v-opted-out"]["email"] == "(withheld: no agreement to be contacted)"
    _say(database_url, "just send the guide please", sender="v-other")
    rows = {row["sender_id"]: row for row in csv.DictReader(io.StringIO(csv_export(database_url, "leads")))}
    assert rows["v-other"]["email"] == "v-other@example.com"  # the guide may be emailed
    assert rows["v-other"]["may_follow_up"] == "no: they asked only for what they requested, no sales follow-up"


def test_crm_sync_waits_for_the_day_they_named_then_carries_their_preferences(
        database_url, hubspot, salesforce, mapping_file):  # noqa: F811
    _create_hubspot_properties(hubspot)
    _consented(database_url)
    later = TODAY + timedelta(days=10)
    _say(database_url, f"email only, and not before {later.day} {later.strftime('%B %Y')}")
    settings = _settings(hubspot, salesforce, mapping_file)
    for hours in (0, 1, 2):
        fan_out_new_events(database_url, settings)
        deliver_due_events(database_url, settings, datetime.now(timezone.utc) + timedelta(hours=hours), "")
    assert hubspot.contacts == {} and salesforce.leads == {}
    assert set(_failures(database_url)) == {
        f"held: they asked not to be contacted before {later.day} {later.strftime('%b %Y')}"}
    with session_scope(database_url) as session:
        deliveries = session.scalars(select(EventDelivery)).all()
        assert {d.attempts for d in deliveries} == {0}  # waiting is not failing
        assert {d.next_attempt_at for d in deliveries} == {datetime.combine(later, datetime.min.time(),
                                                                            timezone.utc)}
    deliver_due_events(database_url, settings, datetime.combine(later, datetime.min.time(), timezone.utc), "")
    [contact] = hubspot.contacts.values()
    assert contact["properties"]["leadbot_contact_preferences"] == \
        f"prefers email, no calls · not before {later.day} {later.strftime('%b %Y')}"
    [lead] = salesforce.leads.values()
    assert lead["Leadbot_Contact_Preferences__c"].startswith("prefers email, no calls")
