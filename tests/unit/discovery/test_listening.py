"""Reading how often something was asked or said since the form started, and the goal examples closest to
what the visitor said."""

from __future__ import annotations

from bot.conversation_events import since_form_started, times_said
from bot.discovery.catalog import load_catalog
from bot.discovery.listening import NON_ANSWER_REPLIES, goal_examples_closest_to, reply_to_non_answer


def _said(response: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


EVENTS = [
    _said("utter_ask_goal"), {"event": "active_loop", "name": "discovery_form"}, _said("utter_ask_goal"),
    {"event": "action", "name": "discovery_form"}, {"event": "active_loop", "name": None},
    {"event": "active_loop", "name": "discovery_form"}, _said("utter_ask_goal_after_challenge"),
    {"event": "action", "name": "discovery_form"}, {"event": "bot", "text": "typed by a rep", "metadata": {}},
]


def test_counts_start_at_the_latest_activation_of_the_form():
    recent = since_form_started(EVENTS, "discovery_form")
    assert times_said(recent, "utter_ask_goal") == 0
    assert times_said(recent, "utter_ask_goal_after_challenge") == 1
    assert since_form_started(EVENTS, "contact_form") == EVENTS
    assert times_said(EVENTS, "utter_ask_goal") == 2


def test_a_reply_to_a_non_answer_changes_its_words_when_it_comes_again():
    said = [reply_to_non_answer("context", times) for times in range(5)]
    assert said[:3] == list(NON_ANSWER_REPLIES["context"]) and said[3:] == [said[2]] * 2
    assert reply_to_non_answer("unclear") != reply_to_non_answer("unclear", 1)
    assert reply_to_non_answer("why_ask", 3) == "utter_why_i_ask"  # one wording only: said as it is


def test_the_closest_example_goals_come_first():
    catalog = load_catalog()
    closest = goal_examples_closest_to(catalog, "our support inbox is drowning in password resets", count=2)
    assert [button["title"] for button in closest][0] == "Cut repetitive support tickets"
    assert len(closest) == 2 and all(button["payload"] == button["title"] for button in closest)
    leads = goal_examples_closest_to(catalog, "our reps take days to call new leads back", count=1)
    assert leads[0]["title"] == "Follow up with leads faster"
