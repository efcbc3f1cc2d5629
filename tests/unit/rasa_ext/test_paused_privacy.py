"""Which messages get through a paused conversation: privacy requests, the answer to "delete it?", and taking
back the request for a person."""

from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationPaused, SlotSet, UserUttered

from bot.rasa_ext.paused_privacy import answered_while_paused, pausing_turn_unfinished

PAUSED = [ActionExecuted("action_handoff"), ConversationPaused(), ActionExecuted("action_listen")]


def test_privacy_requests_get_through_a_pause():
    assert answered_while_paused("forget_me", PAUSED)
    assert answered_while_paused("opt_out", PAUSED)


def test_a_request_for_a_person_taken_back_gets_through_a_pause():
    # Found by chatting: "actually nvm" typed while waiting for a rep was never answered.
    assert answered_while_paused("withdraw_request_human", PAUSED)


def test_a_yes_or_no_gets_through_only_as_the_answer_to_the_deletion_question():
    asked = [*PAUSED, UserUttered("delete my data"), ActionExecuted("utter_confirm_forget"),
             BotUttered("I can delete everything..."), ActionExecuted("action_listen")]
    assert answered_while_paused("affirm", asked) and answered_while_paused("deny", asked)
    assert not answered_while_paused("affirm", PAUSED)  # a "yes" to the rep is the rep's
    assert not answered_while_paused("affirm", [*asked, UserUttered("yes"), ActionExecuted("action_forget_visitor")])


def test_everything_else_waits_for_the_rep():
    for intent in ("ask_pricing", "greet", "complain", "request_human", None):
        assert not answered_while_paused(intent, PAUSED)


def test_the_turn_that_paused_the_bot_still_ends_by_listening():
    pausing = [ActionExecuted("action_listen"), UserUttered("talk to a human"), ActionExecuted("action_handoff"),
               BotUttered("someone is coming"), ConversationPaused()]
    assert pausing_turn_unfinished(pausing)
    assert not pausing_turn_unfinished([*pausing, ActionExecuted("action_listen")])
    assert not pausing_turn_unfinished([*pausing, ActionExecuted("action_listen"), UserUttered("hello?")])
    assert not pausing_turn_unfinished([])
    # Found by chatting: a goal said while waiting for the rep fills the goal slot before any prediction; that
    # was taken for the pausing turn going on, so the bot answered some messages through the pause and not others.
    said_while_waiting = [*pausing, ActionExecuted("action_listen"), UserUttered("we want faster lead follow up"),
                          SlotSet("goal", "faster lead follow up")]
    assert not pausing_turn_unfinished(said_while_waiting)
