"""When the assistant did not understand: never the same dead end twice in a row."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.product_questions import answer_matcher, say_answer
from bot.discovery.clarify import clarified_just_before, clarify_buttons
from bot.product_questions.matching import Verdict
from bot.profile.non_answers import asks_to_know

NAME = "action_clarify"


class ActionClarify(Action):
    """A product question we have a sure answer for is answered. Otherwise, first time: "Did you mean ...?"
    with the two likeliest meanings and a person; right after that: the offer of a person, or, if they
    declined one, other ways forward."""

    def name(self) -> str:
        return NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = str(tracker.latest_message.get("text") or "")
        match = answer_matcher().match(text) if asks_to_know(text) else None
        if match and match.verdict is Verdict.ANSWER and match.answer is not None:
            say_answer(dispatcher, match.answer)
            return []
        buttons = clarify_buttons(tracker.latest_message.get("intent_ranking") or [], domain.get("responses") or {})
        if not clarified_just_before(tracker.events, NAME):
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
            return []
        if not tracker.get_slot("person_declined") and not tracker.get_slot("handoff_status"):
            return [FollowupAction("action_offer_person")]
        dispatcher.utter_message(response="utter_clarify_options", buttons=buttons)
        return []
