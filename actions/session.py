"""Session start (restoring a returning visitor's profile) and welcoming them back."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.visitor_store import visitor_store
from bot.db.off_loop import off_loop
from bot.discovery.slots import restored_slots
from bot.profile.visitor_store import PROFILE_PAYLOAD_SLOT, StoredProfile


class ActionSessionStart(Action):
    """Starts a session with the visitor's profile restored from SQL, so nothing is re-asked."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        # Read by the Rasa process with the conversation's first query when it could (bot/rasa_ext/remote_actions.py)
        stored = StoredProfile.from_payload(tracker.slots.get(PROFILE_PAYLOAD_SLOT))
        if stored is None:
            stored = await off_loop(visitor_store().recall, tracker.sender_id)
        slots = [SlotSet(name, value) for name, value in restored_slots(stored).items()]
        slots.append(SlotSet("known_visitor", bool(stored.facts)))
        return [SessionStarted(), *slots, ActionExecuted("action_listen")]


class ActionWelcomeBack(Action):
    """Greets a returning visitor with what they said last time."""

    def name(self) -> str:
        return "action_welcome_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_welcome_back")
        return [SlotSet("returning_visitor", False)]
