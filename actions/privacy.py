"""Privacy: showing a visitor what we hold about them, and forgetting them after they confirmed it."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from actions.visitor_store import visitor_store
from bot.db.off_loop import off_loop
from bot.profile.export_email import NO_ADDRESS, SENT, TOO_MANY, request_export_email
from bot.profile.what_we_know import what_we_know

COPY_BUTTON = {"title": "Email me a copy", "payload": "/email_my_data"}


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
        profile = await off_loop(visitor_store().recall, tracker.sender_id)
        lines = what_we_know(profile)
        if lines:
            # A copy by email only to the address they shared with consent (bot/profile/export_email.py).
            buttons = [COPY_BUTTON] if profile.email else []
            dispatcher.utter_message(response="utter_my_data", facts="\n".join(lines), buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_my_data_empty")
        return []


class ActionEmailMyData(Action):
    """Emails the visitor a copy of everything stored about them, to the address they shared with consent."""

    def name(self) -> str:
        return "action_email_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        asked = await off_loop(request_export_email, visitor_store().database_url, tracker.sender_id,
                               datetime.now(timezone.utc))
        responses = {SENT: "utter_email_my_data_sent", TOO_MANY: "utter_email_my_data_too_often",
                     NO_ADDRESS: "utter_email_my_data_no_address"}
        dispatcher.utter_message(response=responses[asked.outcome], address=asked.address)
        return []
