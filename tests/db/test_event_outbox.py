"""Events: recorded with the change they describe, personal data only with consent, gone with a forgotten
visitor, and delivered signed to real HTTP subscribers on loopback (retries, Retry-After, dead letters)."""

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from jsonschema import Draft202012Validator, RefResolver
from sqlalchemy import select

from bot.after_turn import Turn, after_turn
from bot.db.engine import session_scope
from bot.db.models import EventDelivery, OutboundEvent
from bot.db.repository import Repository
from bot.events.delivery_worker import deliver_due_events, fan_out_new_events, prune_delivered_events
from bot.handoff import lifecycle
from bot.handoff.desk import HandoffDesk
from bot.handoff.warmth import Warmth, load_warmth_config
from bot.paths import PROJECT_ROOT
from bot.profile.visitor_store import VisitorStore
from bot.settings import EventSettings, WebhookSubscription, load_handoff_settings
from tests.support.event_signature import documented_verify
from tests.support.receivers import event_receiver

pytestmark = pytest.mark.db
SCHEMAS = PROJECT_ROOT / "docs" / "events"
SECRET = "k" * 32


def _events(database_url) -> list[dict]:
    with session_scope(database_url) as session:
        return [json.loads(body) for body in session.scalars(
            select(OutboundEvent.body).order_by(OutboundEvent.id))]


def _validate(event: dict) -> None:
    schema = json.loads((SCHEMAS / f"{event['type']}.schema.json").read_text())
    resolver = RefResolver(base_uri=SCHEMAS.as_uri() + "/", referrer=schema)
    Draft202012Validator(schema, resolver=resolver).validate(event)


def _settings(*subscriptions, max_attempts=12) -> EventSettings:
    return EventSettings(subscriptions=tuple(subscriptions), max_attempts=max_attempts)


def _subscription(url, events=("*",), name="crm") -> WebhookSubscription:
    return WebhookSubscription(name=name, url=url, secret=SECRET, events=events)


def _turn(sender, text, intent, slots):
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}},
              *({"event": "slot", "name": name, "value": value} for name, value in slots.items())]
    return Turn(sender, events, [intent], {}, slots)


def _a_whole_conversation(database_url) -> None:
    """A visitor tells their goal and name, is shown items, consents, is handed off, claimed and closed."""
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    with session_scope(database_url) as session:
        after_turn(session, desk, _turn("v-1", "hi", "greet", {}), None)
    with session_scope(database_url) as session:
        after_turn(session, desk, _turn("v-1", "I'm Dana, we want faster onboarding", "inform",
                                        {"name": "Dana", "goal": "faster onboarding"}), None)
    store = VisitorStore(database_url)
    store.record_recommendations("v-1", [("onboarding-guide", "fits faster onboarding")])
    store.save_contact("v-1", "dana@example.com", "follow-up about onboarding")
    with session_scope(database_url) as session:
        rita = Repository(session).add_rep("rita@example.com", "Rita", "h").id
    started = lifecycle.start(database_url, "v-1", "asked for a person", Warmth(70, ("asked for a person",)),
                              "Asked for a person. Name: Dana.", True, (), "http://inbox.example/inbox")
    lifecycle.claim_in_db(database_url, started.handoff_id, rita)
    lifecycle.claim_in_db(database_url, started.handoff_id, rita)  # claiming again is no new event
    lifecycle.close_in_db(database_url, started.handoff_id, rita, "qualified", "call next week")


def test_each_change_records_its_event_and_every_event_matches_its_schema(database_url):
    _a_whole_conversation(database_url)
    events = _events(database_url)
    assert [event["type"] for event in events] == [
        "lead.created", "lead.updated", "recommendation.shown", "contact.consented", "handoff.queued",
        "handoff.claimed", "handoff.closed"]
    for event in events:
        _validate(event)
    assert len({event["id"] for event in events}) == len(events)
    assert len({event["lead"]["id"] for event in events}) == 1
    with session_scope(database_url) as session:
        lead = Repository(session).get_lead("v-1")
        assert events[0]["lead"]["id"] == lead.public_id and "v-1" not in json.dumps(events)
    queued = events[4]["data"]
    assert queued["inbox_url"] == f"http://inbox.example/inbox/handoffs/{queued['handoff_id']}"
    assert events[6]["data"]["outcome"] == "qualified" and events[6]["data"]["rep"]["name"] == "Rita"


def test_name_and_email_go_out_only_with_consent(database_url):
    _a_whole_conversation(database_url)
    before, after = _events(database_url)[:3], _events(database_url)[3:]
    assert "Dana" not in json.dumps(before) and "dana@example.com" not in json.dumps(before)
    assert before[1]["data"]["facts"] == {"goal": "faster onboarding"}
    # The assistant never asks for a name, so only the email is known.
    assert after[0]["lead"] == {"id": before[0]["lead"]["id"], "name": None, "email": "dana@example.com"}
    assert after[1]["data"]["summary"] == "Asked for a person. Name: Dana."
    VisitorStore(database_url).opt_out("v-1")
    opted_out = _events(database_url)[-1]
    assert opted_out["type"] == "contact.opted_out" and opted_out["lead"] == {"id": before[0]["lead"]["id"]}


def test_without_consent_a_handoff_carries_no_summary(database_url):
    lifecycle.start(database_url, "v-2", "asked for a person", Warmth(40, ()), "Asked for a person. Name: Ann.",
                    True, (), "http://inbox")
    queued = _events(database_url)[-1]
    assert queued["type"] == "handoff.queued" and queued["data"]["summary"] is None
    assert "Ann" not in json.dumps(_events(database_url))


def test_forgetting_deletes_undelivered_events_and_tells_subscribers(database_url):
    _a_whole_conversation(database_url)
    public_id = _events(database_url)[0]["lead"]["id"]
    VisitorStore(database_url).forget("v-1")
    events = _events(database_url)
    assert events == [{**events[0], "type": "visitor.forgotten", "lead": {"id": public_id}, "data": {}}]
    _validate(events[0])


def test_deliveries_are_signed_once_per_subscription_and_filter(database_url):
    _a_whole_conversation(database_url)
    with event_receiver() as crm, event_receiver() as desk:
        settings = _settings(_subscription(crm.url), _subscription(desk.url, ("handoff.*",), name="desk"))
        assert fan_out_new_events(database_url, settings) == 7
        assert deliver_due_events(database_url, settings, datetime.now(timezone.utc)) == (10, 0)
        assert deliver_due_events(database_url, settings, datetime.now(timezone.utc)) == (0, 0)
    assert [event["type"] for event in desk.accepted()] == ["handoff.queued", "handoff.claimed", "handoff.closed"]
    assert len(crm.accepted()) == 7
    verify = documented_verify()
    for delivery in crm.deliveries:
        assert verify(SECRET, delivery["headers"], delivery["raw"])
        assert delivery["headers"]["X-Leadbot-Event-Id"] == json.loads(delivery["raw"])["id"]


def test_a_429_waits_for_retry_after_and_the_event_arrives_once(database_url):
    VisitorStore(database_url).opt_out("v-3")
    with event_receiver() as crm:
        crm.answers = [(429, {"Retry-After": "120"})]
        settings = _settings(_subscription(crm.url, ("contact.*",)))
        fan_out_new_events(database_url, settings)
        now = datetime.now(timezone.utc)  # deliveries are due from when they were created
        assert deliver_due_events(database_url, settings, now) == (0, 1)
        assert deliver_due_events(database_url, settings, now + timedelta(seconds=60)) == (0, 0)
        assert deliver_due_events(database_url, settings, now + timedelta(seconds=125)) == (1, 0)
    assert [d["status"] for d in crm.deliveries] == [429, 200]
    assert crm.deliveries[0]["headers"]["X-Leadbot-Event-Id"] == crm.deliveries[1]["headers"]["X-Leadbot-Event-Id"]


def test_a_receiver_that_is_down_gets_the_event_when_it_returns(database_url):
    VisitorStore(database_url).opt_out("v-4")
    with event_receiver(running=False) as crm:
        settings = _settings(_subscription(crm.url))
        fan_out_new_events(database_url, settings)
        now = datetime.now(timezone.utc)  # deliveries are due from when they were created
        assert deliver_due_events(database_url, settings, now) == (0, 2)  # lead.created, contact.opted_out
        crm.start()
        assert deliver_due_events(database_url, settings, now + timedelta(minutes=1)) == (2, 0)
    assert [event["type"] for event in crm.accepted()] == ["lead.created", "contact.opted_out"]


def test_after_the_last_attempt_a_delivery_is_dead_until_a_rep_retries_it(database_url):
    VisitorStore(database_url).opt_out("v-5")
    with event_receiver() as crm:
        crm.answers = [(500, {}), (302, {"Location": "http://127.0.0.1:9/elsewhere"})]
        settings = _settings(_subscription(crm.url, ("contact.opted_out",)), max_attempts=2)
        fan_out_new_events(database_url, settings)
        now = datetime.now(timezone.utc)  # deliveries are due from when they were created
        assert deliver_due_events(database_url, settings, now) == (0, 1)
        assert deliver_due_events(database_url, settings, now + timedelta(hours=1)) == (0, 1)
        with session_scope(database_url) as session:
            repo = Repository(session)
            [dead] = repo.undelivered()
            assert (dead.status, dead.attempts, dead.last_error) == ("dead", 2, "answered 302")
            dead_id = dead.id
        assert deliver_due_events(database_url, settings, now + timedelta(days=1)) == (0, 0)
        with session_scope(database_url) as session:
            assert Repository(session).retry_delivery(dead_id)
        assert deliver_due_events(database_url, settings, datetime.now(timezone.utc)) == (1, 0)
        with session_scope(database_url) as session:
            assert Repository(session).undelivered() == []
            assert not Repository(session).retry_delivery(dead_id)  # sent: nothing to retry
    assert len(crm.accepted()) == 1


def test_a_subscription_removed_from_settings_fails_with_a_reason(database_url):
    VisitorStore(database_url).opt_out("v-6")
    with event_receiver() as crm:
        fan_out_new_events(database_url, _settings(_subscription(crm.url, ("contact.*",))))
        assert deliver_due_events(database_url, _settings(), datetime.now(timezone.utc)) == (0, 1)
    with session_scope(database_url) as session:
        [delivery] = Repository(session).undelivered()
        assert "'crm' is no longer configured" in delivery.last_error


def test_delivered_events_are_pruned_after_the_keep_period_and_undelivered_ones_kept(database_url):
    VisitorStore(database_url).opt_out("v-7")
    with event_receiver() as crm:
        crm.answers = [(200, {}), (500, {})]
        settings = replace(_settings(_subscription(crm.url)), keep_days=7)
        fan_out_new_events(database_url, settings)
        now = datetime.now(timezone.utc)  # deliveries are due from when they were created
        deliver_due_events(database_url, settings, now)
    assert prune_delivered_events(database_url, settings, now) == 0
    assert prune_delivered_events(database_url, settings, now + timedelta(days=8)) == 1
    with session_scope(database_url) as session:
        assert session.query(OutboundEvent).count() == 1 and session.query(EventDelivery).count() == 1
