"""Privacy: showing a visitor what we hold about them, and forgetting them after they confirmed it."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from actions.visitor_store import visitor_store
from bot.db.off_loop import off_loop
from bot.profile.what_we_know import what_we_know


class ActionForgetVisitor(Action):
    """Deletes the visitor's lead rows; the tracker store then erases the conversation itself."""

    def name(self) -> str:
        return "action_forget_visitor"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        await off_loop(visitor_store().forget, tracker.sender_id)
        dispatcher.utter_message(response="utter_forgotten")
        return [AllSlotsReset()]


class ActionShowMyData(Action):
    """Tells the visitor, in plain lines, everything stored about them (in any state, also with a rep)."""

    def name(self) -> str:
        return "action_show_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        lines = what_we_know(await off_loop(visitor_store().recall, tracker.sender_id))
        if lines:
            dispatcher.utter_message(response="utter_my_data", facts="\n".join(lines))
        else:
            dispatcher.utter_message(response="utter_my_data_empty")
        return []
