"""Meetings booked in the chat: offering free times, booking the one picked, asking where to send the invite."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.db.off_loop import off_loop
from bot.handoff.desk import handoff_desk
from bot.meetings import booking
from bot.meetings.chat_choices import iso_start, parse_start, slot_buttons, timezone_from_events
from bot.meetings.free_slots import Slot
from bot.meetings.local_time import full_label
from bot.profile.contact_preferences import ContactPreferences, for_visitor
from bot.profile.contact_rules import email_follow_up_allowed
from bot.settings import MeetingSettings, load_meeting_settings, load_settings

OTHER_TIMES_INTENT = "ask_other_times"
DEMO_INTENT = "request_demo"


@lru_cache(maxsize=1)
def meeting_settings() -> MeetingSettings:
    return load_meeting_settings()


def _database_url() -> str:
    return load_settings().database_url


def _zone(tracker: Tracker):
    return timezone_from_events(tracker.events, handoff_desk().hours.timezone)


def _other_times_label(domain: dict[str, Any]) -> str | None:
    variants = (domain.get("responses") or {}).get("utter_meeting_other_times_button") or []
    return variants[0].get("text") if variants else None


def offer_times(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], slots: list[Slot],
                response: str) -> list[dict[str, Any]]:
    """Say `response` with the slots as buttons; remember the last one for "other times"."""
    zone = _zone(tracker)
    dispatcher.utter_message(response=response, timezone=zone.key,
                             buttons=slot_buttons(slots, zone, _other_times_label(domain)))
    return [SlotSet("meeting_offer", "offered"), SlotSet("meeting_after", iso_start(slots[-1].starts_at))]


def against_preferences(dispatcher: CollectingDispatcher, preferences: ContactPreferences,
                        fallback: str | None) -> list[dict[str, Any]]:
    """No call for a visitor who asked for none (or not yet): say so; a person in the chat is still offered,
    an email follow-up only if they may be emailed today."""
    dispatcher.utter_message(response="utter_meeting_against_preferences", preferences=for_visitor(preferences))
    if fallback == "ask_contact" and not email_follow_up_allowed(preferences, datetime.now(timezone.utc).date()):
        fallback = None
    return [SlotSet("meeting_offer", fallback or "preference")]


class ActionOfferMeeting(Action):
    """Offers the next three free times (or later ones, after "other times"); when there are none, says so
    and lets the rules fall back: a person for a demo request, an email follow-up otherwise."""

    def name(self) -> str:
        return "action_offer_meeting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        more = intent == OTHER_TIMES_INTENT
        fallback = "offer_person" if intent == DEMO_INTENT else "ask_contact"
        if tracker.get_slot("opted_out") or not meeting_settings().can_send_invitations \
                or not await off_loop(booking.meetings_available, _database_url()):
            return [SlotSet("meeting_offer", fallback)]
        refused = await off_loop(booking.call_refused, _database_url(), tracker.sender_id,
                                 datetime.now(timezone.utc).date())
        if refused is not None:
            return against_preferences(dispatcher, refused, fallback)
        after = parse_start(tracker.get_slot("meeting_after")) if more else None
        slots = await off_loop(booking.open_slots, _database_url(), meeting_settings(),
                               datetime.now(timezone.utc), after)
        if not slots:
            if more:
                dispatcher.utter_message(response="utter_no_other_meeting_times",
                                         days=str(meeting_settings().horizon_days))
            return [SlotSet("meeting_offer", "ask_contact" if more else fallback)]
        return offer_times(dispatcher, tracker, domain, slots,
                           "utter_offer_more_meeting_times" if more else "utter_offer_meeting")


class ActionBookMeeting(Action):
    """Books the time the visitor picked, once we have their email (and so their consent) for the invite."""

    def name(self) -> str:
        return "action_book_meeting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        picked = next(tracker.get_latest_entity_values("meeting_start"), None) or tracker.get_slot("meeting_start")
        start = parse_start(picked)
        if tracker.get_slot("opted_out"):
            dispatcher.utter_message(response="utter_meeting_unavailable")
            return [SlotSet("meeting_status", "unavailable"), SlotSet("meeting_start", None)]
        now = datetime.now(timezone.utc)
        if start is None:  # a typed or altered payload: show what is really free
            return await self._taken(dispatcher, tracker, domain, now, response="utter_meeting_pick_a_time")
        if not tracker.get_slot("email"):
            return [SlotSet("meeting_start", iso_start(start)), SlotSet("meeting_status", "needs_email")]
        zone = _zone(tracker)
        try:
            result = await off_loop(booking.book, _database_url(), meeting_settings(), tracker.sender_id, start,
                                    zone.key, now)
        except booking.MeetingRefused as refused:  # their card changed since the times were offered
            dispatcher.utter_message(response="utter_meeting_against_preferences",
                                     preferences=for_visitor(refused.preferences))
            return [SlotSet("meeting_status", "unavailable"), SlotSet("meeting_start", None)]
        except booking.MeetingError:  # the email is in the conversation but not stored with consent
            return [SlotSet("meeting_start", iso_start(start)), SlotSet("meeting_status", "needs_email")]
        if isinstance(result, booking.SlotTaken):
            return await self._taken(dispatcher, tracker, domain, now, result.slots)
        dispatcher.utter_message(response="utter_meeting_booked", rep_name=result.rep_name,
                                 when=full_label(result.starts_at, zone), email=result.email)
        return [SlotSet("meeting_status", "booked"), SlotSet("meeting_start", None)]

    async def _taken(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                     now: datetime, slots: list[Slot] | None = None,
                     response: str = "utter_meeting_taken") -> list[dict[str, Any]]:
        if slots is None:
            slots = await off_loop(booking.open_slots, _database_url(), meeting_settings(), now)
        events = [SlotSet("meeting_status", "taken"), SlotSet("meeting_start", None)]
        if not slots:
            dispatcher.utter_message(response="utter_meeting_times_gone")
            return events
        return events + offer_times(dispatcher, tracker, domain, slots, response)


class ActionAskEmail(Action):
    """The contact form's email question, worded for a calendar invitation when a time was just picked."""

    def name(self) -> str:
        return "action_ask_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        picked = tracker.get_slot("meeting_start")
        dispatcher.utter_message(response="utter_ask_email_for_invite" if picked else "utter_ask_email")
        return []
