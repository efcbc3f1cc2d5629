"""Collecting contact details, only with the visitor's permission."""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.visitor_store import visitor_store
from bot.conversation_events import last_said_before_latest_message
from bot.db.off_loop import off_loop
from bot.discovery.answers import normalise_email

PERMISSION_QUESTIONS = ("utter_ask_contact_permission", "utter_ask_contact_permission_again")
CONSENT_AFTER_ASKING = "email follow-up by our team (asked and agreed in chat)"
CONSENT_VOLUNTEERED = "email follow-up by our team (visitor offered their email in chat)"
CONSENT_FOR_MEETING = "a calendar invitation and email follow-up by our team (asked after picking a call time)"


class ActionAskContactPermission(Action):
    """Asks permission before asking for an email; never asks a visitor who opted out."""

    def name(self) -> str:
        return "action_ask_contact_permission"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        if tracker.get_slot("opted_out"):
            dispatcher.utter_message(response="utter_contact_us_directly")
            return [SlotSet("contact_asked", False)]
        if tracker.get_slot("email"):
            dispatcher.utter_message(response="utter_contact_saved", email=tracker.get_slot("email"))
            return [SlotSet("contact_asked", False)]
        # Asked just now and answered with neither yes nor no ("mornings only really"): not the same words again.
        asked_just_now = last_said_before_latest_message(tracker.events) in PERMISSION_QUESTIONS
        dispatcher.utter_message(response=PERMISSION_QUESTIONS[1 if asked_just_now else 0])
        return [SlotSet("contact_asked", True)]


class ValidateContactForm(FormValidationAction):
    """Accepts only a well-formed email address."""

    def name(self) -> str:
        return "validate_contact_form"

    async def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        email = normalise_email(str(value or ""))
        if email is None:
            dispatcher.utter_message(response="utter_invalid_email")
        return {"email": email}


class ActionSaveContact(Action):
    """Stores the email with what the visitor consented to and when; then books the call time they had picked,
    if that is why we asked."""

    def name(self) -> str:
        return "action_save_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        volunteered = (tracker.latest_message.get("intent") or {}).get("name") == "give_contact"
        candidate = next(tracker.get_latest_entity_values("email"), None) if volunteered else None
        email = normalise_email(candidate or tracker.latest_message.get("text") or "") if volunteered \
            else normalise_email(tracker.get_slot("email") or "")
        if email is None:
            dispatcher.utter_message(response="utter_invalid_email")
            return []
        meeting_picked = bool(tracker.get_slot("meeting_start"))
        scope = CONSENT_FOR_MEETING if meeting_picked else CONSENT_VOLUNTEERED if volunteered \
            else CONSENT_AFTER_ASKING
        await off_loop(visitor_store().save_contact, tracker.sender_id, email, scope)
        saved = [SlotSet("email", email), SlotSet("opted_out", False)]
        if meeting_picked:  # the booking's confirmation says where the invitation goes
            return saved + [FollowupAction("action_book_meeting")]
        dispatcher.utter_message(response="utter_contact_saved", email=email)
        return saved


class ActionOptOut(Action):
    """Records that the visitor must not be contacted; the assistant never asks again."""

    def name(self) -> str:
        return "action_opt_out"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        await off_loop(visitor_store().opt_out, tracker.sender_id)
        dispatcher.utter_message(response="utter_opted_out")
        return [SlotSet("opted_out", True)]
