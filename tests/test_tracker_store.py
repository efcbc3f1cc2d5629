"""The tracker store erases a conversation after a confirmed "forget me"."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_tracker_store import forget_requested_this_turn


def _tracker(*events):
    return DialogueStateTracker.from_events("v", list(events), slots=Domain.empty().slots)


def test_forget_detected_only_in_the_current_turn():
    forgot = _tracker(UserUttered("delete my data"), ActionExecuted("utter_confirm_forget"),
                      UserUttered("yes"), ActionExecuted("action_forget_visitor"), BotUttered("Done."),
                      ActionExecuted("action_listen"))
    assert forget_requested_this_turn(forgot)
    later = _tracker(UserUttered("yes"), ActionExecuted("action_forget_visitor"), ActionExecuted("action_listen"),
                     UserUttered("hi"), ActionExecuted("utter_greet"))
    assert not forget_requested_this_turn(later)
    assert not forget_requested_this_turn(_tracker(UserUttered("hi"), ActionExecuted("utter_greet")))
