"""Custom actions called directly (no Rasa server): the guard, validation and SQL writes."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import visitor_store as action_store
from actions.contact import ActionAskContactPermission, ActionSaveContact
from actions.discovery import ActionResumeListening, ValidateDiscoveryForm
from actions.handoff import ActionHandoff
from actions.privacy import ActionEmailMyData, ActionShowMyData
from actions.product_questions import ActionAnswerQuestion
from actions.recommendations import ActionRecommend
from actions.session import ActionSessionStart
from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.profile.hearing import LISTENER_NAME

pytestmark = pytest.mark.db


@pytest.fixture
def action_db(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    action_store.visitor_store.cache_clear()
    yield database_url
    action_store.visitor_store.cache_clear()


def tracker(slots=None, text="", intent="inform", entities=None, sender="visitor-a", requested_slot=None,
            active_loop=None):
    slots = dict(slots or {})
    if requested_slot:
        slots["requested_slot"] = requested_slot
    return Tracker(
        sender_id=sender, slots=slots,
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
        events=[], paused=False, followup_action=None,
        active_loop={"name": active_loop} if active_loop else {}, latest_action_name="action_listen",
    )


def run(action, tracker_, domain=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain or {}))
    return dispatcher.messages, events


def test_recommend_refuses_without_a_goal_and_starts_discovery(action_db):
    messages, events = run(ActionRecommend(), tracker(slots={"goal": None, "challenge": "manual"}))
    assert [m["response"] for m in messages] == ["utter_ask_goal_first"]
    assert events == [{"event": "followup", "name": "discovery_form", "timestamp": None}]
    with session_scope(action_db) as session:
        assert Repository(session).get_lead("visitor-a") is None


def test_recommend_shows_items_with_reasons_and_hands_them_to_the_turn(action_db):
    slots = {"goal": "automate our customer onboarding", "challenge": "our onboarding is manual"}
    messages, events = run(ActionRecommend(), tracker(slots=slots))
    items = [m for m in messages if m["response"] == "utter_recommendation_item"]
    assert 1 <= len(items) <= 3
    assert "your onboarding is manual" in items[0]["reason"]
    assert {"event": "slot", "name": "offer_person", "value": False, "timestamp": None} in events
    slot_values = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert len(slot_values["recommended_items"]) == len(items)
    assert slot_values["recommendation_reasons"] == [m["reason"] for m in items]
    with session_scope(action_db) as session:  # recorded with the turn by the tracker store, not here
        lead = Repository(session).get_lead("visitor-a")
        assert lead is None or not lead.recommendations


def test_recommend_says_honestly_when_nothing_fits(action_db):
    messages, events = run(ActionRecommend(), tracker(slots={"goal": "learn to bake bread"}))
    assert [m["response"] for m in messages] == ["utter_nothing_fits"]
    assert events[0] == {"event": "slot", "name": "offer_person", "value": True, "timestamp": None}


def test_nothing_fits_after_declining_a_person_does_not_offer_again(action_db):
    _, events = run(ActionRecommend(), tracker(slots={"goal": "learn to bake bread", "person_declined": True}))
    assert events[0]["value"] is False


def test_warm_lead_is_offered_a_person_after_recommendations(action_db):
    slots = {"goal": "automate our customer onboarding", "challenge": "our onboarding is manual",
             "role": "VP operations", "company_size": "201-1000", "timeline": "this month"}
    messages, events = run(ActionRecommend(), tracker(slots=slots, sender="warm-one"))
    assert events[0]["value"] is True
    assert "utter_recommendation_outro" not in [m["response"] for m in messages]


def test_discovery_answers_are_normalised(action_db):
    form = ValidateDiscoveryForm()
    dispatcher = CollectingDispatcher()
    t = tracker(sender="visitor-b")
    assert asyncio.run(form.validate_company_size("about 120 people", dispatcher, t, {})) == {
        "company_size": "51-200"}
    assert asyncio.run(form.validate_company_size("1000+", dispatcher, t, {})) == {"company_size": "1000+"}
    assert asyncio.run(form.validate_timeline("no rush really", dispatcher, t, {})) == {"timeline": "no timeline"}
    assert asyncio.run(form.validate_role("rather not say", dispatcher, t, {})) == {"role": "skipped"}
    goal = asyncio.run(form.validate_goal("we want to reduce churn", dispatcher, t, {}))
    assert goal == {"goal": "we want to reduce churn", "goal_reflection": "you want to reduce churn"}
    assert dispatcher.messages == []


@pytest.mark.parametrize("said, kind_reply", [
    ("what do you recommend?", "utter_recommend_after_listening"),
    ("not sure yet, what is this product?", "utter_what_we_do"),
    ("why do you ask?", "utter_why_i_ask"),
    ("hello", "utter_greet_in_discovery"),
    ("asdkj qwe", "utter_didnt_catch"),
])
def test_a_non_answer_is_never_stored_and_the_question_comes_again(action_db, said, kind_reply):
    dispatcher = CollectingDispatcher()
    t = tracker(text=said, intent="inform", requested_slot="goal", active_loop="discovery_form")
    result = asyncio.run(ValidateDiscoveryForm().validate_goal(said, dispatcher, t, {}))
    assert result == {"goal": None, "reasking": "goal"}
    assert [m["response"] for m in dispatcher.messages] == [kind_reply]


def test_asking_whether_we_do_something_gets_what_we_do_not_stored_as_the_goal(action_db):
    # Found chatting: "u guys do crm stuff?" was stored as the goal ("So you're after u guys do crm stuff").
    said = "u guys do crm stuff?"
    dispatcher = CollectingDispatcher()
    t = tracker(text=said, intent="ask_what_we_do", requested_slot="goal", active_loop="discovery_form")
    assert asyncio.run(ValidateDiscoveryForm().validate_goal(said, dispatcher, t, {})) == {
        "goal": None, "reasking": "goal"}
    assert [m["response"] for m in dispatcher.messages] == ["utter_what_we_do"]


def test_facts_about_the_visitor_are_not_taken_for_their_goal(action_db):
    said = "we're a 40-person agency, I run sales ops"
    heard = [{"entity": "company_size", "value": "11-50", "extractor": "ProfileListener"},
             {"entity": "role", "value": "runs sales ops", "extractor": "ProfileListener"}]
    dispatcher = CollectingDispatcher()
    t = tracker(text=said, entities=heard, requested_slot="goal", active_loop="discovery_form")
    form = ValidateDiscoveryForm()
    assert asyncio.run(form.validate_goal(said, dispatcher, t, {})) == {"goal": None, "reasking": "goal"}
    assert asyncio.run(form.validate_role("runs sales ops", dispatcher, t, {})) == {"role": "runs sales ops"}
    assert [m["response"] for m in dispatcher.messages] == ["utter_thanks_for_context"]


@pytest.mark.parametrize("said", ["we're a small bakery chain with 6 shops", "we're a family-run print shop"])
def test_who_they_are_is_not_taken_for_their_goal_even_when_no_fact_is_recognised(action_db, said):
    # Found chatting: "we're a small bakery chain with 6 shops" was stored as the goal.
    dispatcher = CollectingDispatcher()
    t = tracker(text=said, intent="inform", requested_slot="goal", active_loop="discovery_form")
    assert asyncio.run(ValidateDiscoveryForm().validate_goal(said, dispatcher, t, {})) == {"goal": None,
                                                                                           "reasking": "goal"}
    assert [m["response"] for m in dispatcher.messages] == ["utter_thanks_for_context"]


def test_what_is_in_the_way_given_for_the_goal_is_kept_as_the_challenge_not_the_goal(action_db):
    # Found chatting: "no one follows up on leads fast enough" became both the goal and the challenge.
    said = "no one follows up on leads fast enough"
    heard = [{"entity": "challenge", "value": said, "extractor": "ProfileListener"}]
    dispatcher = CollectingDispatcher()
    t = tracker(text=said, entities=heard, requested_slot="goal", active_loop="discovery_form")
    form = ValidateDiscoveryForm()
    assert asyncio.run(form.validate_goal(said, dispatcher, t, {})) == {"goal": None, "reasking": "goal"}
    assert asyncio.run(form.validate_challenge(said, dispatcher, t, {}))["challenge"] == said
    assert [m["response"] for m in dispatcher.messages] == ["utter_heard_what_is_in_the_way"]


def _more_trouble(first: str, more: str, requested_slot: str) -> Tracker:
    """A tracker where `more` trouble was just heard (and filled the slot) after `first` was known."""
    heard = [{"entity": "challenge", "value": more, "extractor": "ProfileListener"}]
    t = tracker(slots={"challenge": more}, text=more, entities=heard, requested_slot=requested_slot,
                active_loop="discovery_form")
    t.events = [{"event": "slot", "name": "challenge", "value": first},
                {"event": "user", "text": more}, {"event": "slot", "name": "challenge", "value": more}]
    return t


def test_a_second_word_on_the_trouble_that_points_back_adds_to_it(action_db):
    # Found chatting: "reps forget to do it", said at the confirmation, replaced "our sales reps waste hours
    # logging calls in salesforce", and the recommendation quoted "you mentioned reps forget to do it".
    first, more = "our sales reps waste hours logging calls in salesforce", "reps forget to do it"
    t = _more_trouble(first, more, "goal_confirmed")
    result = asyncio.run(ValidateDiscoveryForm().validate_challenge(more, CollectingDispatcher(), t, {}))
    assert result["challenge"] == f"{first}, and {more}"
    other = "nobody owns the process"  # a trouble of its own replaces the first, as a correction would
    t.events[-1] = {"event": "slot", "name": "challenge", "value": other}
    t.latest_message["entities"] = [{"entity": "challenge", "value": other, "extractor": "ProfileListener"}]
    assert asyncio.run(ValidateDiscoveryForm().validate_challenge(other, CollectingDispatcher(), t, {}))[
        "challenge"] == other


def test_more_trouble_told_when_asked_for_the_goal_adds_to_what_was_said(action_db):
    # Found chatting as a law firm: "clients email, call, fill forms, all over the place", said when asked what
    # would be different, replaced "intake is chaos".
    first, more = "intake is chaos", "clients email, call, fill forms, all over the place"
    t = _more_trouble(first, more, "goal")
    result = asyncio.run(ValidateDiscoveryForm().validate_challenge(more, CollectingDispatcher(), t, {}))
    assert result["challenge"] == f"{first}, and {more}"


def test_more_detail_about_the_trouble_is_not_taken_for_the_goal(action_db):
    # Found chatting: asked what would be different, "mostly password resets and where's my order stuff" became
    # the goal ("So you're after mostly password resets...").
    said = "mostly password resets and where's my order stuff"
    dispatcher = CollectingDispatcher()
    t = tracker(slots={"challenge": "our support team is drowning in tickets"}, text=said, requested_slot="goal",
                active_loop="discovery_form")
    assert asyncio.run(ValidateDiscoveryForm().validate_goal(said, dispatcher, t, {}))["goal"] is None
    assert [m["response"] for m in dispatcher.messages] == ["utter_heard_more_in_the_way"]
    answer = "we want fewer of those tickets"  # a goal said after it is taken as one
    assert asyncio.run(ValidateDiscoveryForm().validate_goal(
        answer, CollectingDispatcher(), tracker(slots={"challenge": "x y"}, text=answer, requested_slot="goal",
                                                 active_loop="discovery_form"), {}))["goal"] == answer


@pytest.mark.parametrize("reply, intent, expected", [
    ("yes", "affirm", {"company_size": "11-50", "unsure_company_size": None}),
    ("no", "deny", {"company_size": None, "unsure_company_size": None}),
    ("about 400 people", "inform", {"company_size": "201-1000", "unsure_company_size": None}),
])
def test_an_unsure_size_counts_only_once_confirmed(action_db, reply, intent, expected):
    t = tracker(slots={"unsure_company_size": "we're about 40"}, text=reply, intent=intent,
                requested_slot="company_size", active_loop="discovery_form")
    result = asyncio.run(ValidateDiscoveryForm().validate_company_size(reply, CollectingDispatcher(), t, {}))
    assert result == expected


def test_an_unsure_size_is_confirmed_rather_than_asked(action_db):
    from actions.discovery import ActionAskCompanySize

    messages, _ = run(ActionAskCompanySize(), tracker(slots={"unsure_company_size": "we're about 40"}))
    assert messages[0]["response"] == "utter_confirm_company_size" and messages[0]["said"] == "you're about 40"
    messages, _ = run(ActionAskCompanySize(), tracker())
    assert messages[0]["response"] == "utter_ask_company_size"


def test_unclear_size_is_accepted_without_nagging(action_db):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateDiscoveryForm().validate_company_size("big enough", dispatcher,
                                                                       tracker(sender="v-c"), {}))
    assert result == {"company_size": "skipped"} and dispatcher.messages == []


def test_a_no_that_the_classifier_read_as_information_is_still_a_no(action_db):
    # Found chatting: "no, it's more about speed" (intent inform, which counts as moving on) got "Thanks, that's clear".
    known = {"goal": "cut those emails in half", "challenge": "customers keep asking where their order is",
             "requested_slot": "goal_confirmed"}
    dispatcher = CollectingDispatcher()
    said = tracker(slots=known, text="no, it's more about speed", intent="inform")
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, dispatcher, said, {}))
    assert result["goal_confirmed"] is None and result["goal"] is None
    assert [m["response"] for m in dispatcher.messages] == ["utter_goal_corrected"]
    moving_on = tracker(slots=known, text="asap honestly", intent="inform")
    assert asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, CollectingDispatcher(), moving_on, {})) \
        == {"goal_confirmed": True}


def test_a_denied_reflection_asks_the_goal_again_and_keeps_what_is_in_the_way(action_db):
    # Found chatting: after "not quite", what's in the way was asked again although the visitor had just said it.
    from actions.discovery import ActionAskGoal

    dispatcher = CollectingDispatcher()
    known = {"goal": "better data for forecasting", "challenge": "reps forget to log calls"}
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(False, dispatcher, tracker(slots=known), {}))
    assert result == {"goal": None, "goal_reflection": None, "goal_confirmed": None, "reasking": "goal_corrected"}
    assert [m["response"] for m in dispatcher.messages] == ["utter_goal_corrected"]
    messages, _ = run(ActionAskGoal(), tracker(slots={**known, **result}))
    assert [m["response"] for m in messages] == ["utter_ask_goal_corrected"]
    answered = asyncio.run(ValidateDiscoveryForm().validate_goal(
        "better forecasts", CollectingDispatcher(),
        tracker(slots={**known, **result}, text="better forecasts", requested_slot="goal"), {}))
    assert answered["goal"] == "better forecasts" and answered["reasking"] is None


def test_a_second_denial_starts_discovery_over(action_db):
    put_right = {"event": "bot", "text": "Thanks for putting me right.",
                 "metadata": {"utter_action": "utter_goal_corrected"}}
    second = tracker(slots={"goal": "better forecasts", "challenge": "reps forget to log calls"})
    second.events = [{"event": "active_loop", "name": "discovery_form"}, put_right]
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(False, CollectingDispatcher(), second, {}))
    assert result["goal"] is None and result["challenge"] is None and result["goal_confirmed"] is None


def test_new_trouble_in_reply_to_the_summary_is_checked_again_not_taken_for_a_yes(action_db):
    # Found chatting: "the handoff from sales loses all the context" in reply to "Did I get that right?"
    said = "the handoff from sales loses all the context"
    shown = {"goal": "we want kickoffs to be smooth", "goal_reflection": "you want kickoffs to be smooth",
             "challenge_reflection": "your kickoff calls are a mess"}
    heard = [{"entity": "challenge", "value": said, "extractor": LISTENER_NAME}]
    anew = tracker(slots={**shown, "challenge": said}, text=said, entities=heard)
    assert asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, CollectingDispatcher(), anew, {})) == \
        {"goal_confirmed": None}
    # the same trouble said again ("yes, our kickoff calls are a mess") is a yes
    same = "our kickoff calls are a mess"
    again = tracker(slots={**shown, "challenge": same}, text=f"yes, {same}",
                    entities=[{"entity": "challenge", "value": same, "extractor": LISTENER_NAME}])
    assert asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, CollectingDispatcher(), again, {})) == \
        {"goal_confirmed": True}


def test_detail_in_reply_to_the_summary_is_a_yes_and_is_kept(action_db):
    # Noticed chatting: "most are where is my order questions" in reply to "Did I get that right?" was taken as
    # a yes and lost; the rep and the ranking never saw it.
    shown = {"goal": "we want fewer tickets", "challenge": "we get tons of support tickets",
             "goal_reflection": "you want fewer tickets", "challenge_reflection": "you get tons of support tickets"}
    detail = tracker(slots=shown, text="most are where is my order questions", intent="inform",
                     requested_slot="goal_confirmed")
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, CollectingDispatcher(), detail, {}))
    assert result == {"goal_confirmed": True,
                      "challenge": "we get tons of support tickets: most are where is my order questions"}
    # a goal said again in other words may be what they want: not filed as trouble
    for plain in (tracker(slots=shown, text="one place for all new client requests", intent="inform"),
                  tracker(slots=shown, text="yep that's it", intent="affirm"),
                  tracker(slots=shown, text="ok", intent="inform"),
                  tracker(slots={**shown, "challenge": None}, text="most are where is my order questions")):
        assert asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(
            True, CollectingDispatcher(), plain, {})) == {"goal_confirmed": True}


def test_a_denial_that_says_what_is_right_keeps_it(action_db):
    # "not quite, we want better forecasts": the goal is in the same message and is not thrown away.
    heard = [{"entity": "goal", "value": "we want better forecasts", "extractor": LISTENER_NAME}]
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(
        False, CollectingDispatcher(), tracker(text="not quite, we want better forecasts", intent="deny",
                                               entities=heard), {}))
    assert result == {"goal_confirmed": None}


def test_a_confirmed_goal_is_acknowledged_once_before_the_next_question(action_db):
    # Found chatting: "Thanks, that's clear." led the role question, so it came again after a digression.
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, dispatcher, tracker(), {}))
    assert result == {"goal_confirmed": True}
    assert [m["response"] for m in dispatcher.messages] == ["utter_goal_understood"]
    known = {"goal": "grow", "challenge": "slow", "role": "coo", "company_size": "11-50", "timeline": "this year"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateDiscoveryForm().validate_goal_confirmed(True, dispatcher, tracker(slots=known), {}))
    assert dispatcher.messages == []  # nothing left to ask: the recommendations' own thanks follows


def test_after_nothing_fits_the_assistant_does_not_offer_to_show_what_fits(action_db):
    # Found chatting: "nothing in our library fits", then "Would you like to see what fits?" a turn later.
    known = {"goal": "close the books faster", "challenge": "month end is brutal", "goal_confirmed": True,
             "role": "partner", "company_size": "11-50", "timeline": "no timeline"}
    messages, _ = run(ActionResumeListening(), tracker(slots={**known, "recommended_items": []}))
    assert [m["response"] for m in messages] == ["utter_noted_nothing_fits"]
    messages, _ = run(ActionResumeListening(), tracker(slots={**known, "recommended_items": ["pricing"]}))
    assert [m["response"] for m in messages] == ["utter_noted"]


def test_contact_permission_respects_opt_out(action_db):
    messages, events = run(ActionAskContactPermission(), tracker(slots={"opted_out": True}))
    assert [m["response"] for m in messages] == ["utter_contact_us_directly"]
    assert events[0]["value"] is False
    messages, events = run(ActionAskContactPermission(), tracker(slots={"opted_out": False}))
    assert [m["response"] for m in messages] == ["utter_ask_contact_permission"]
    assert events[0]["value"] is True


def test_contact_permission_asked_again_is_not_asked_in_the_same_words(action_db):
    # Found chatting: "mornings only really" after the question got the very same question back.
    asked = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_ask_contact_permission"}}
    heard = {"event": "user", "text": "mornings only really"}
    again = tracker(slots={"opted_out": False})
    again.events = [asked, heard]
    messages, _ = run(ActionAskContactPermission(), again)
    assert [m["response"] for m in messages] == ["utter_ask_contact_permission_again"]
    later = tracker(slots={"opted_out": False})
    later.events = [asked, {"event": "user", "text": "no"}, {"event": "bot", "text": "ok", "metadata": {}},
                    {"event": "user", "text": "can someone email me"}]
    messages, _ = run(ActionAskContactPermission(), later)
    assert [m["response"] for m in messages] == ["utter_ask_contact_permission"]


def test_contact_is_saved_with_consent(action_db):
    t = tracker(slots={"email": "Ana@BrightPath.io"}, intent="affirm", sender="v-d")
    messages, _ = run(ActionSaveContact(), t)
    assert messages[0]["email"] == "ana@brightpath.io"
    with session_scope(action_db) as session:
        lead = Repository(session).get_lead("v-d")
        assert lead.email == "ana@brightpath.io" and lead.consent_at is not None
        assert "asked and agreed" in lead.consent_scope


def test_session_start_restores_a_returning_visitor(action_db):
    with session_scope(action_db) as session:
        repo = Repository(session)
        repo.record_fact("v-e", "goal", "we want to automate onboarding")
        repo.record_fact("v-e", "challenge", "it is manual")
        repo.record_fact("v-e", "company_size", "51-200")
        repo.mark_opted_out("v-e")
    _, events = run(ActionSessionStart(), tracker(sender="v-e"))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    assert slots["goal"] == "we want to automate onboarding" and slots["company_size"] == "51-200"
    assert slots["returning_visitor"] is True and slots["opted_out"] is True
    assert slots["goal_reflection"] == "you want to automate onboarding"


def test_session_start_for_a_new_visitor_sets_no_profile(action_db):
    _, events = run(ActionSessionStart(), tracker(sender="brand-new"))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"opted_out": False, "known_visitor": False}


def test_nothing_fits_is_kept_in_the_visitors_words_for_the_digest(action_db):
    run(ActionRecommend(), tracker(slots={"goal": "learn to bake bread", "challenge": "my oven is tiny"}))
    with session_scope(action_db) as session:
        [need] = Repository(session).get_lead("visitor-a").unmet_needs
        assert (need.kind, need.said) == ("nothing_fits", "learn to bake bread - my oven is tiny")


def test_a_question_no_answer_fits_is_kept_for_the_digest_and_an_answered_one_is_not(action_db):
    messages, _ = run(ActionAnswerQuestion(), tracker(text="can it water my plants while i'm away?",
                                                      intent="ask_product_question"))
    assert [m["response"] for m in messages] == ["utter_product_question_unknown"]
    run(ActionAnswerQuestion(), tracker(text="is my data stored in the eu?", intent="ask_product_question",
                                        sender="visitor-b"))
    with session_scope(action_db) as session:
        repo = Repository(session)
        assert [n.said for n in repo.get_lead("visitor-a").unmet_needs] == ["can it water my plants while i'm away?"]
        assert repo.get_lead("visitor-b") is None or not repo.get_lead("visitor-b").unmet_needs


def test_a_copy_of_my_data_by_email_only_to_the_address_given_with_consent(action_db):
    messages, _ = run(ActionEmailMyData(), tracker(text="email me a copy of my data", intent="email_my_data"))
    assert [m["response"] for m in messages] == ["utter_email_my_data_no_address"]
    action_store.visitor_store().save_contact("visitor-a", "dana@example.com", "follow-up")
    shown, _ = run(ActionShowMyData(), tracker(text="what do you know about me", intent="ask_my_data"))
    assert shown[0]["buttons"] == [{"title": "Email me a copy", "payload": "/email_my_data"}]
    messages, _ = run(ActionEmailMyData(), tracker(text="/email_my_data", intent="email_my_data"))
    assert [(m["response"], m["address"]) for m in messages] == [("utter_email_my_data_sent", "d***@example.com")]


def test_contact_preferences_are_said_back_or_asked_about(action_db):
    from actions.contact_preferences import ActionNoteContactPreferences
    messages, events = run(ActionNoteContactPreferences(), tracker(text="email only please, no calls"))
    assert [(m["response"], m["preferences"]) for m in messages] == [
        ("utter_contact_preferences_noted", "email only, no calls")]
    assert events == []  # kept by the tracker store with the turn (bot/after_turn.py), not here
    messages, _ = run(ActionNoteContactPreferences(), tracker(text="you can reach me whenever"))
    assert [m["response"] for m in messages] == ["utter_ask_contact_preferences"]
    messages, _ = run(ActionNoteContactPreferences(), tracker(text="calls are fine actually"))
    assert [m["response"] for m in messages] == ["utter_contact_preferences_lifted"]


def test_no_call_is_offered_to_a_visitor_who_asked_for_none(action_db, monkeypatch):
    from actions import meetings as meeting_actions
    from bot.after_turn import after_turn
    from bot.handoff.desk import HandoffDesk
    from bot.handoff.warmth import load_warmth_config
    from bot.settings import load_handoff_settings
    from tests.db.test_event_outbox import _turn
    from tests.db.test_meetings import SETTINGS, _rep
    monkeypatch.setattr(meeting_actions, "meeting_settings", lambda: SETTINGS)
    _rep(action_db, "rita@example.com", "Rita Rep", hours="00:00-24:00")
    offered, events = run(meeting_actions.ActionOfferMeeting(), tracker(intent="request_demo", sender="v-calls"))
    assert [m["response"] for m in offered] == ["utter_offer_meeting"] and offered[0]["buttons"]
    with session_scope(action_db) as session:
        after_turn(session, HandoffDesk(action_db, load_handoff_settings(), load_warmth_config()),
                   _turn("v-calls", "please don't call me, email is fine", "set_contact_preferences", {}), None)
    messages, events = run(meeting_actions.ActionOfferMeeting(), tracker(intent="request_demo", sender="v-calls"))
    assert [(m["response"], m["preferences"]) for m in messages] == [
        ("utter_meeting_against_preferences", "email only, no calls")]
    assert events[0]["value"] == "offer_person"  # a person in the chat is still offered for the demo
    _, events = run(meeting_actions.ActionOfferMeeting(), tracker(intent="request_human", sender="v-calls"))
    assert events[0]["value"] == "ask_contact"  # and, out of hours, a follow-up by email (they prefer it)


def test_a_bare_number_after_pricing_by_team_size_is_the_size(action_db):
    # Found chatting: "15" right after "Pricing depends on team size" got "Sorry, I didn't quite catch that."
    pricing = {"event": "bot", "text": "Pricing depends on team size.",
               "metadata": {"utter_action": "utter_pricing_in_discovery"}}
    after_pricing = tracker(text="15", requested_slot="goal")
    after_pricing.events = [{"event": "user", "text": "how much is it"}, pricing, {"event": "user", "text": "15"}]
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateDiscoveryForm().validate_goal("15", dispatcher, after_pricing, {}))
    assert result["goal"] is None and result["company_size"] == "11-50"
    assert [m["response"] for m in dispatcher.messages] == ["utter_thanks_for_context"]
    # anywhere else, a bare number is no goal and no size
    elsewhere = tracker(text="15", requested_slot="goal")
    elsewhere.events = [{"event": "user", "text": "hi"}, {"event": "user", "text": "15"}]
    result = asyncio.run(ValidateDiscoveryForm().validate_goal("15", CollectingDispatcher(), elsewhere, {}))
    assert result["goal"] is None and "company_size" not in result


@pytest.mark.parametrize(("text", "goal"), [
    # Found chatting: who they are, said first, was kept as their goal ("So you're after I'm kind of the ...").
    ("hi, I'm kind of the everything person here, founder but also do sales", None),
    ("we want to stop being the bottleneck for every quote", "we want to stop being the bottleneck for every quote"),
])
def test_a_goal_shared_unprompted_is_taken_but_who_they_are_is_not(action_db, text, goal):
    from actions.discovery import ActionCaptureGoal

    _, events = run(ActionCaptureGoal(), tracker(text=text, intent="share_goal"))
    assert {e["name"]: e["value"] for e in events}.get("goal") == goal


def test_skipping_the_goal_twice_leaves_the_visitor_be(action_db):
    # Found chatting: seven "skip"s got seven goal questions, with the same "No problem..." before each.
    from actions.discovery import ActionAskGoal

    said: list[dict] = [{"event": "active_loop", "name": "discovery_form"}]
    replies = []
    for _ in range(4):
        said.append({"event": "user", "text": "skip"})
        t = tracker(text="skip", requested_slot="goal")
        t.events = list(said)
        dispatcher = CollectingDispatcher()
        assert asyncio.run(ValidateDiscoveryForm().validate_goal("skip", dispatcher, t, {})) == {"goal": None}
        response = dispatcher.messages[0]["response"]
        replies.append(response)
        said.append({"event": "bot", "text": response, "metadata": {"utter_action": response}})
        t.events = list(said)
        asked, _ = run(ActionAskGoal(), t)
        said += [{"event": "bot", "text": m["response"], "metadata": {"utter_action": m["response"]}} for m in asked]
        replies.append([m["response"] for m in asked])
    # Found chatting: "No problem. In a few words, what are you working on?..." was followed by the goal question.
    assert replies == ["utter_goal_needed", [], "utter_goal_left_be", [], "utter_still_here", [],
                       "utter_still_here_again", []]


def test_a_first_message_that_says_who_sent_them_is_thanked_before_the_goal_question(action_db):
    # Left alone last session: "i was told to check this out by my boss" got the goal question without a word.
    messages, _ = run(ActionResumeListening(), tracker(text="i was told to check this out by my boss"))
    assert [m["response"] for m in messages] == ["utter_thanks_for_looking"]
    later = tracker(text="my boss asked me to look at this")
    later.events.append({"event": "bot", "text": "What are you trying to achieve right now?"})
    messages, _ = run(ActionResumeListening(), later)
    assert [m["response"] for m in messages] == ["utter_thanks_for_context"]  # no second introduction


def test_a_visitor_who_asks_for_a_call_is_asked_for_a_number_and_a_time(action_db, monkeypatch):
    # Left alone before: "can someone call me?" was handed over in the chat with no word about a call.
    monkeypatch.setenv("BUSINESS_DAYS", "mon,tue,wed,thu,fri,sat,sun")  # open now: a rep is asked to join
    monkeypatch.setenv("BUSINESS_HOURS", "00:00-24:00")
    messages, _ = run(ActionHandoff(), tracker(text="can someone call me?", intent="request_human"))
    assert [m.get("response") for m in messages][-1] == "utter_handoff_call_wish"
    messages, _ = run(ActionHandoff(), tracker(text="can i talk to a person", intent="request_human", sender="b"))
    assert "utter_handoff_call_wish" not in [m.get("response") for m in messages]
