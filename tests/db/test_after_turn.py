"""After each saved turn: "forget me" erases, facts heard in the turn are stored, warmth is rescored."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.after_turn import Turn, after_turn, facts_from_turn
from bot.conversation_events import forget_requested_this_turn
from bot.db.engine import session_scope
from bot.db.models import OutboundEvent
from bot.db.repository import Repository
from bot.handoff.desk import HandoffDesk
from bot.handoff.warmth import load_warmth_config
from bot.settings import load_handoff_settings


def _events(*events):
    tracker = DialogueStateTracker.from_events("v", list(events), slots=Domain.empty().slots)
    return [event.as_dict() for event in tracker.events]


def test_forget_detected_only_in_the_current_turn():
    forgot = _events(UserUttered("delete my data"), ActionExecuted("utter_confirm_forget"),
                     UserUttered("yes"), ActionExecuted("action_forget_visitor"), BotUttered("Done."),
                     ActionExecuted("action_listen"))
    assert forget_requested_this_turn(forgot)
    later = _events(UserUttered("yes"), ActionExecuted("action_forget_visitor"), ActionExecuted("action_listen"),
                    UserUttered("hi"), ActionExecuted("utter_greet"))
    assert not forget_requested_this_turn(later)
    assert not forget_requested_this_turn(_events(UserUttered("hi"), ActionExecuted("utter_greet")))


def test_facts_changed_in_the_turn_are_stored_once():
    events = _events(SessionStarted(), SlotSet("company_size", "11-50"), ActionExecuted("action_listen"),
                     UserUttered("I run sales ops and we're 40 people"), SlotSet("role", "runs sales ops"),
                     SlotSet("company_size", "11-50"), SlotSet("goal", "what do you recommend?"),
                     SlotSet("goal", None), SlotSet("requested_slot", "goal"))
    slots = {"role": "runs sales ops", "company_size": "11-50", "goal": None}
    # The size was restored at session start and is unchanged; the rejected goal ends the turn empty.
    assert facts_from_turn(events, slots) == {"role": "runs sales ops"}


def test_an_unreadable_answer_is_kept_as_said_but_a_non_answer_is_not():
    unclear = _events(UserUttered("big enough"), SlotSet("company_size", "skipped"))
    assert facts_from_turn(unclear, {"company_size": "skipped"}) == {"company_size_as_said": "big enough"}
    declined = _events(UserUttered("rather not say"), SlotSet("company_size", "skipped"))
    assert facts_from_turn(declined, {"company_size": "skipped"}) == {}
    question = _events(UserUttered("what do you recommend?"), SlotSet("role", "skipped"))
    assert facts_from_turn(question, {"role": "skipped"}) == {}


@pytest.mark.db
def test_after_turn_stores_facts_and_warmth_together(database_url):
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    events = _events(UserUttered("we're a 40-person agency, I run sales ops",
                                 parse_data={"intent": {"name": "inform", "confidence": 0.9}}),
                     SlotSet("company_size", "11-50"), SlotSet("role", "runs sales ops"), SlotSet("industry", "agency"))
    slots = {"company_size": "11-50", "role": "runs sales ops", "industry": "agency"}
    turn = Turn("visitor-t", events, ["inform"], {}, slots)
    with session_scope(database_url) as session:
        after_turn(session, desk, turn, None)
    with session_scope(database_url) as session:
        repo = Repository(session)
        lead = repo.get_lead("visitor-t")
        assert repo.latest_facts("visitor-t") == slots
        assert (lead.role, lead.company_size) == ("runs sales ops", "11-50")
        assert lead.warmth_score > 0 and "manager role" in lead.warmth_reasons


@pytest.mark.db
def test_an_unchanged_visit_is_not_written_again_within_the_minute(database_url):
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    greeting = _events(UserUttered("hi", parse_data={"intent": {"name": "greet", "confidence": 0.9}}))
    turn = Turn("visitor-q", greeting, ["greet"], {}, {})
    with session_scope(database_url) as session:
        written = after_turn(session, desk, turn, None).lead
    assert written is not None
    with session_scope(database_url) as session:
        again = after_turn(session, desk, Turn("visitor-q", greeting, ["greet", "greet"], {}, {}), written)
        assert again.lead is written and not session.new and not session.dirty
    goal = _events(UserUttered("we want faster onboarding", parse_data={"intent": {"name": "share_goal",
                                                                                   "confidence": 0.9}}),
                   SlotSet("goal", "faster onboarding"))
    with session_scope(database_url) as session:
        changed = after_turn(session, desk, Turn("visitor-q", goal, ["greet", "share_goal"], {},
                                                 {"goal": "faster onboarding"}), written)
    assert changed.lead is not written
    with session_scope(database_url) as session:
        assert Repository(session).latest_facts("visitor-q") == {"goal": "faster onboarding"}


@pytest.mark.db
def test_forget_in_the_turn_erases_the_visitor(database_url):
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    with session_scope(database_url) as session:
        Repository(session).record_visit("visitor-f", {"role": "cto"}, (3, ["manager role"]))
    forgot = _events(UserUttered("yes"), ActionExecuted("action_forget_visitor"))
    with session_scope(database_url) as session:
        assert after_turn(session, desk, Turn("visitor-f", forgot, ["affirm"], {}, {}), None).forgotten
    with session_scope(database_url) as session:
        assert Repository(session).get_lead("visitor-f") is None


@pytest.mark.db
def test_just_browsing_declines_prompts_even_when_nothing_else_changed(database_url):
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    hello = _events(UserUttered("hi", parse_data={"intent": {"name": "greet", "confidence": 0.9}}))
    with session_scope(database_url) as session:
        written = after_turn(session, desk, Turn("visitor-b", hello, ["greet"], {}, {}), None).lead
    browsing = _events(UserUttered("just looking", parse_data={"intent": {"name": "just_browsing",
                                                                           "confidence": 0.9}}))
    with session_scope(database_url) as session:
        after_turn(session, desk, Turn("visitor-b", browsing, ["greet", "just_browsing"], {}, {}), written)
    with session_scope(database_url) as session:
        assert not Repository(session).may_be_prompted("visitor-b")


@pytest.mark.db
def test_items_shown_in_the_turn_are_recorded_with_it(database_url):
    """What `action_recommend` showed reaches the store in the turn's own transaction, with its reasons."""
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    events = _events(UserUttered("next quarter", parse_data={"intent": {"name": "inform", "confidence": 0.9}}),
                     ActionExecuted("action_recommend"),
                     SlotSet("recommended_items", ["guide-a", "webinar-b"]),
                     SlotSet("recommendation_reasons", ["you want A", "you mentioned B"]))
    with session_scope(database_url) as session:
        after_turn(session, desk, Turn("visitor-r", events, ["inform"], {}, {}), None)
    asked_again = _events(UserUttered("more ideas?", parse_data={"intent": {"name": "ask_recommendation",
                                                                          "confidence": 0.9}}),
                          ActionExecuted("action_recommend"), SlotSet("offer_person", False))
    with session_scope(database_url) as session:
        after_turn(session, desk, Turn("visitor-r", asked_again, ["inform", "ask_recommendation"], {}, {}), None)
    with session_scope(database_url) as session:
        repo = Repository(session)
        shown = repo.get_lead("visitor-r").recommendations
        assert [(row.catalog_item_id, row.reason) for row in shown] == [("guide-a", "you want A"),
                                                                        ("webinar-b", "you mentioned B")]
        kinds = [event.type for event in repo.session.scalars(select(OutboundEvent))]
        assert kinds.count("recommendation.shown") == 1


@pytest.mark.db
def test_items_shown_in_a_turn_with_nothing_else_new_are_recorded(database_url):
    """A turn that only shows items (no intent, no fact, the lead as last written) still stores them."""
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    first = _events(UserUttered("we want A", parse_data={"intent": {"name": "share_goal", "confidence": 0.9}}))
    with session_scope(database_url) as session:
        written = after_turn(session, desk, Turn("visitor-s", first, ["share_goal"], {}, {}), None).lead
    only_shown = _events(ActionExecuted("action_recommend"), SlotSet("recommended_items", ["guide-a"]),
                         SlotSet("recommendation_reasons", ["you want A"]))
    with session_scope(database_url) as session:
        after_turn(session, desk, Turn("visitor-s", only_shown, [], {}, {}), written)
    with session_scope(database_url) as session:
        repo = Repository(session)
        assert [row.catalog_item_id for row in repo.get_lead("visitor-s").recommendations] == ["guide-a"]
        kinds = [event.type for event in repo.session.scalars(select(OutboundEvent))]
        assert kinds == ["lead.created", "recommendation.shown"]
