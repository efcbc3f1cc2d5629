"""A conversation that grows, runs a form, asks for clarification, is rewound and undone, and restarts: the
events Rasa's history bookkeeping (applied events, dialogue states) must get right."""

from __future__ import annotations

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)


def said(text: str, intent: str, entities: list | None = None) -> list[Event]:
    return [ActionExecuted("action_listen"),
            UserUttered(text, {"name": intent, "confidence": 0.9}, entities or [])]


def _form_turn(slot: str, value: str, asks: str | None) -> list[Event]:
    turn: list[Event] = [ActionExecuted("discovery_form"), SlotSet(slot, value)]
    return turn + ([SlotSet("requested_slot", asks)] if asks else [ActiveLoop(None), SlotSet("requested_slot", None)])


CONVERSATION: list[Event] = [
    ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
    *said("hi", "greet")[1:], ActionExecuted("utter_greet"),
    *said("we want to automate onboarding", "share_goal", [{"entity": "goal", "value": "automate onboarding"}]),
    ActionExecuted("discovery_form"), ActiveLoop("discovery_form"), SlotSet("goal", "automate onboarding"),
    SlotSet("requested_slot", "challenge"),
    *said("it is all spreadsheets", "inform"), *_form_turn("challenge", "spreadsheets", "goal_confirmed"),
    *said("what?", "out_of_scope"), ActionExecuted("action_clarify"),
    *said("asdf", "nlu_fallback"), ActionExecuted("action_default_fallback"), UserUtteranceReverted(),
    *said("yes", "affirm"), *_form_turn("goal_confirmed", "true", "role"),
    *said("head of success", "inform"), *_form_turn("role", "head of success", None),
    ActionExecuted("action_recommend"), ActionExecuted("action_listen"),
    *said("thanks", "thank"), ActionExecuted("utter_welcome"), ActionReverted(),
    ActionExecuted("utter_anything_else"),
    *[event for _ in range(6) for event in (*said("does it integrate with hubspot?", "ask_product_question"),
                                            ActionExecuted("action_answer_question"))],
    ActionExecuted("contact_form"),  # before the form is ever active: a new form name comes later
    *said("can someone email me", "request_human"), ActionExecuted("contact_form"), ActiveLoop("contact_form"),
    SlotSet("requested_slot", "email"),
    *said("a@b.example", "give_contact", [{"entity": "email", "value": "a@b.example"}]),
    ActionExecuted("contact_form"), SlotSet("email", "a@b.example"), ActiveLoop(None),
    Restarted(), ActionExecuted("action_session_start"), SessionStarted(),
    *said("hello again", "greet"), ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
]
