"""Contact preferences said in the chat ("email only, no calls", "not before Q3", "just send the guide"):
the assistant says back what it heard. The tracker store keeps them (bot/after_turn.py), for every message."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.profile.contact_preferences import for_visitor, hear_contact_preferences


class ActionNoteContactPreferences(Action):
    """Confirms the preferences heard in the visitor's message, or asks how they'd like us to keep in touch."""

    def name(self) -> str:
        return "action_note_contact_preferences"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        heard = hear_contact_preferences(str(tracker.latest_message.get("text") or ""),
                                         datetime.now(timezone.utc).date())
        if heard is None:
            dispatcher.utter_message(response="utter_ask_contact_preferences")
        elif heard.empty:  # "calls are fine": an earlier channel lifted
            dispatcher.utter_message(response="utter_contact_preferences_lifted")
        else:
            dispatcher.utter_message(response="utter_contact_preferences_noted", preferences=for_visitor(heard))
        return []
