"""Handing the conversation to a person: offering one, starting the handoff, respecting a "no" (also one
said after asking)."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, ConversationResumed, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation_events import visitor_intents, visitor_pages
from bot.db.models import HandoffStatus
from bot.db.off_loop import off_loop
from bot.handoff.desk import handoff_desk
from bot.handoff.lifecycle import ALREADY_OPEN
from bot.profile.contact_preferences import asks_for_a_call


class ActionOfferPerson(Action):
    """Asks whether the visitor would like to talk with someone from the team now."""

    def name(self) -> str:
        return "action_offer_person"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_offer_person")
        return [SlotSet("person_offered", True)]


class ActionDeclinePerson(Action):
    """Respects a "no" to a person: not offered again in this session."""

    def name(self) -> str:
        return "action_decline_person"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_no_person")
        return [SlotSet("person_declined", True)]


class ActionHandoff(Action):
    """Opens a handoff; in business hours the bot pauses so a rep can take over live."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        intents = visitor_intents(tracker.events)
        # What led here: the last message that was not a yes/no to an offer (a complaint, a demo request...).
        meaningful = [intent for intent in intents if intent not in ("affirm", "deny")]
        trigger = meaningful[-1] if meaningful else "affirm"
        desk = handoff_desk()
        started = await off_loop(desk.start, tracker.sender_id, trigger, intents,
                                 tracker.current_slot_values(), datetime.now(timezone.utc),
                                 visitor_pages(tracker.events))
        events: list[dict[str, Any]] = [SlotSet("handoff_status", started.status)]
        if started.status == HandoffStatus.FOLLOW_UP:  # a call is offered next (data/rules/people_and_contact.yml)
            dispatcher.utter_message(response="utter_handoff_offline", hours=desk.hours.describe())
            return events
        if started.status == ALREADY_OPEN:
            dispatcher.utter_message(response="utter_handoff_already_open")
        else:
            dispatcher.utter_message(response="utter_handoff_queued",
                                     minutes=f"{desk.settings.claim_timeout_minutes:g}")
            # The chat widget opens the visitor's "what we know" card: what the rep will see, to correct.
            dispatcher.utter_message(json_message={"data": {"show_card": True}})
        if asks_for_a_call(tracker.latest_message.get("text") or ""):
            # "can someone call me?": a person joining the chat is not all they asked for; the rep reads the number
            dispatcher.utter_message(response="utter_handoff_call_wish")
        return events + [ConversationPaused()]


class ActionWithdrawPerson(Action):
    """The visitor no longer wants a person: the request is withdrawn and the assistant carries on, unless a
    rep already holds the chat (then the rep reads the message and answers it)."""

    def name(self) -> str:
        return "action_withdraw_person"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        withdrawn_from = await off_loop(handoff_desk().withdraw, tracker.sender_id)
        if withdrawn_from == HandoffStatus.ASSIGNED:
            return []
        not_again = [SlotSet("handoff_status", None), SlotSet("person_declined", True)]
        if withdrawn_from == HandoffStatus.QUEUED:
            dispatcher.utter_message(response="utter_person_withdrawn")
            return [*not_again, ConversationResumed()]
        if withdrawn_from == HandoffStatus.FOLLOW_UP:
            dispatcher.utter_message(response="utter_follow_up_withdrawn")
            return not_again
        dispatcher.utter_message(response="utter_nobody_was_asked")
        return not_again
