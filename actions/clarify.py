"""When the assistant did not understand: never the same dead end twice in a row."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot.discovery.clarify import clarified_just_before, clarify_buttons

NAME = "action_clarify"


class ActionClarify(Action):
    """First time: "Did you mean ...?" with the two likeliest meanings and a person. Right after that:
    the offer of a person, or, if they declined one, other ways forward."""

    def name(self) -> str:
        return NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        buttons = clarify_buttons(tracker.latest_message.get("intent_ranking") or [], domain.get("responses") or {})
        if not clarified_just_before(tracker.events, NAME):
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
            return []
        if not tracker.get_slot("person_declined") and not tracker.get_slot("handoff_status"):
            return [FollowupAction("action_offer_person")]
        dispatcher.utter_message(response="utter_clarify_options", buttons=buttons)
        return []
