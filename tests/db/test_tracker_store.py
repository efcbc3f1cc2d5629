"""The tracker store reuses a kept conversation only while the database holds exactly what it saved, and
stores what Rasa's own SQL tracker store would."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.paths import PROJECT_ROOT
from bot.rasa_ext.tracker_store import LeadAwareSQLTrackerStore

pytestmark = pytest.mark.db
DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture
def store(database_url: str) -> Iterator[LeadAwareSQLTrackerStore]:
    store = LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)
    yield store
    store.engine.dispose()


def _run(coroutine):
    return asyncio.run(coroutine)


def _say(store: LeadAwareSQLTrackerStore, sender: str, text: str, intent: str = "share_goal", **slots) -> None:
    """One visitor turn as the processor does it: read, add events, save."""
    tracker = _run(store.get_or_create_tracker(sender))
    tracker.update(UserUttered(text, parse_data={"intent": {"name": intent, "confidence": 0.9}}))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    tracker.update(BotUttered("noted"))
    tracker.update(ActionExecuted("action_listen"))
    _run(store.save(tracker))


def _stored(database_url: str, sender: str) -> list[dict]:
    plain = SQLTrackerStore(domain=DOMAIN, host=database_url)
    try:
        tracker = _run(plain.retrieve(sender))
        return [event.as_dict() for event in tracker.events] if tracker else []
    finally:
        plain.engine.dispose()


def test_a_saved_conversation_is_reused_and_stored_as_rasa_stores_it(store, database_url):
    _say(store, "v1", "we want faster onboarding", goal="faster onboarding")
    first = _run(store.retrieve("v1"))
    assert _run(store.retrieve("v1")) is first  # kept: no re-read
    _say(store, "v1", "it's all spreadsheets", challenge="it's all spreadsheets")
    kept = _run(store.retrieve("v1"))
    assert kept is first and kept.get_slot("challenge") == "it's all spreadsheets"
    assert _stored(database_url, "v1") == [event.as_dict() for event in kept.events]
    with session_scope(database_url) as session:
        assert Repository(session).latest_facts("v1") == {"goal": "faster onboarding",
                                                          "challenge": "it's all spreadsheets"}


def test_a_forget_from_elsewhere_is_never_remembered(store, database_url):
    _say(store, "v2", "we want faster onboarding", goal="faster onboarding")
    with session_scope(database_url) as session:  # as `python -m bot forget` does, in another process
        Repository(session).forget("v2")
    assert _run(store.retrieve("v2")) is None
    _say(store, "v2", "hello again", intent="greet")
    tracker = _run(store.retrieve("v2"))
    assert tracker.get_slot("goal") is None
    assert [e["text"] for e in _stored(database_url, "v2") if e["event"] == "user"] == ["hello again"]


def test_a_turn_that_failed_before_saving_is_read_afresh(store, database_url):
    _say(store, "v3", "we want faster onboarding", goal="faster onboarding")
    kept = _run(store.retrieve("v3"))
    kept.update(UserUttered("this turn never got saved"))  # the turn failed: nothing was saved
    fresh = _run(store.retrieve("v3"))
    assert fresh is not kept
    assert [e.text for e in fresh.events if isinstance(e, UserUttered)] == ["we want faster onboarding"]


def test_another_server_writing_the_conversation_means_a_fresh_read(store, database_url):
    _say(store, "v4", "we want faster onboarding", goal="faster onboarding")
    kept = _run(store.retrieve("v4"))
    other = LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)
    try:
        _say(other, "v4", "it's all spreadsheets", challenge="it's all spreadsheets")
    finally:
        other.engine.dispose()
    fresh = _run(store.retrieve("v4"))
    assert fresh is not kept and fresh.get_slot("challenge") == "it's all spreadsheets"
    _say(store, "v4", "we're 40 people", intent="inform", company_size="11-50")
    assert _stored(database_url, "v4") == [event.as_dict() for event in _run(store.retrieve("v4")).events]


def test_a_new_session_is_read_back_as_rasa_would(store, database_url):
    _say(store, "v5", "we want faster onboarding", goal="faster onboarding")
    tracker = _run(store.retrieve("v5"))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    _run(store.save(tracker))
    reread = _run(store.retrieve("v5"))
    assert reread is not tracker and reread.events[0] == SessionStarted(timestamp=reread.events[0].timestamp)


def test_a_new_model_s_domain_means_fresh_reads(store, database_url):
    _say(store, "v6", "we want faster onboarding", goal="faster onboarding")
    kept = _run(store.retrieve("v6"))
    store.domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))  # as Rasa does when it loads a new model
    assert _run(store.retrieve("v6")) is not kept


@pytest.mark.db
def test_pages_from_earlier_turns_keep_counting_for_warmth(database_url):
    store = LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)
    tracker = _run(store.get_or_create_tracker("paged"))
    tracker.update(UserUttered("hi", parse_data={"intent": {"name": "greet", "confidence": 0.9}},
                               metadata={"page": {"url": "https://shop.example/pricing", "title": "Pricing",
                                                  "referrer": "", "utm": {}, "language": "", "timezone": ""}}))
    tracker.update(ActionExecuted("action_listen"))
    _run(store.save(tracker))
    _say(store, "paged", "we want faster onboarding", goal="faster onboarding")  # from no page at all
    for fresh in (store, LeadAwareSQLTrackerStore(domain=DOMAIN, host=database_url)):  # kept, and read afresh
        _say(fresh, "paged", "and fewer spreadsheets", challenge="fewer spreadsheets")
        with session_scope(database_url) as session:
            assert "looked at pricing" in Repository(session).get_lead("paged").warmth_reasons
    store.engine.dispose()


def test_a_new_conversation_brings_the_stored_profile_for_the_session_start(store, database_url):
    from bot.rasa_ext.session_start_profile import profiles

    with session_scope(database_url) as session:  # known from an earlier conversation, since deleted
        repo = Repository(session)
        repo.record_fact("v-back", "goal", "faster onboarding")
        repo.record_fact("v-back", "email", "ann@example.com")
    assert _run(store.retrieve("v-back")) is None
    left = profiles.take("v-back")
    assert left is not None and left.facts["goal"] == "faster onboarding" and left.email == "ann@example.com"
    assert _run(store.retrieve("v-new")) is None
    assert profiles.take("v-new") is not None and profiles.take("v-new") is None  # empty, and taken once
    _say(store, "v-talking", "we want more leads", goal="more leads")
    profiles.take("v-talking")  # its first turn's (no session start runs in this test)
    store.cache.clear()
    assert _run(store.retrieve("v-talking")) is not None
    assert profiles.take("v-talking") is None  # a conversation under way: no session start from here
