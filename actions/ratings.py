"""After a rep closes a chat they held: the visitor rates it (1-5), and a low rating asks what went wrong."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.db.off_loop import off_loop
from bot.handoff.chat_ratings import (
    is_comment,
    is_low,
    parse_rating,
    record_comment,
    record_rating,
    rep_of_latest_chat,
)
from bot.settings import load_settings

SKIPPED = "skipped"


def _database_url() -> str:
    return load_settings().database_url


class ActionAskRating(Action):
    """The rep has closed the chat: say so, thank the visitor, and offer the five rating buttons."""

    def name(self) -> str:
        return "action_ask_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        rep = await off_loop(rep_of_latest_chat, _database_url(), tracker.sender_id)
        dispatcher.utter_message(response="utter_ask_rating", rep_name=rep or "Our team")
        return [SlotSet("conversation_rating", None), SlotSet("rating_low", None)]


class ActionRecordRating(Action):
    """Stores the rating a button carried on the visitor's latest chat with a rep."""

    def name(self) -> str:
        return "action_record_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        rating = parse_rating(tracker.get_slot("conversation_rating"))
        rep = await off_loop(record_rating, _database_url(), tracker.sender_id, rating) if rating else None
        if rating is None or rep is None:  # nothing to rate (typed by hand, or the chat was forgotten)
            dispatcher.utter_message(response="utter_rating_comment_skipped")
            return [SlotSet("rating_low", False)]
        if is_low(rating):
            return [SlotSet("rating_low", True), SlotSet("rating_comment", None)]
        dispatcher.utter_message(response="utter_thanks_for_rating", rep_name=rep)
        return [SlotSet("rating_low", False)]


class ValidateRatingCommentForm(FormValidationAction):
    """Anything the visitor says is their comment, except a shrug or "skip", which ends the question."""

    def name(self) -> str:
        return "validate_rating_comment_form"

    async def validate_rating_comment(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        return {"rating_comment": text if text and is_comment(text) else SKIPPED}


class ActionSaveRatingComment(Action):
    """Keeps the comment with the rated chat and thanks the visitor (or just thanks them, if they skipped)."""

    def name(self) -> str:
        return "action_save_rating_comment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        comment = tracker.get_slot("rating_comment")
        if comment and comment != SKIPPED and await off_loop(record_comment, _database_url(), tracker.sender_id,
                                                             comment):
            dispatcher.utter_message(response="utter_rating_comment_saved")
        else:
            dispatcher.utter_message(response="utter_rating_comment_skipped")
        return [SlotSet("rating_comment", None), SlotSet("rating_low", None)]
