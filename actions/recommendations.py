"""The only action that presents catalog items, and only once the visitor's goal is known."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog import catalog
from actions.visitor_store import visitor_store
from bot.conversation_events import times_said, visitor_intents, visitor_pages
from bot.db.models import UnmetNeedKind
from bot.db.off_loop import off_loop
from bot.discovery.listening import goal_examples, reflections
from bot.discovery.recommend import recommend_for
from bot.discovery.slots import profile_from_slots
from bot.handoff.desk import handoff_desk

# Asked again and again for more: the same words each time would sound like a machine (two wordings in turn).
RECOMMENDATIONS_AGAIN = ("utter_recommendations_again", "utter_recommendations_again_briefly")


class ActionRecommend(Action):
    """Shows at most a few catalog items that fit what the visitor said, each with its own reason."""

    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        slots = tracker.current_slot_values()
        profile = profile_from_slots(slots)
        if profile.goal is None:
            # Guard: never recommend before listening, whatever the dialogue policy predicted.
            dispatcher.utter_message(response="utter_ask_goal_first")
            return [FollowupAction("discovery_form")]
        asked_pricing = (tracker.latest_message.get("intent") or {}).get("name") == "ask_pricing"
        picks = recommend_for(profile, catalog(), prefer_stage="decision" if asked_pricing else None)
        shown = [pick.item.id for pick in picks]
        if picks and shown == (tracker.get_slot("recommended_items") or []):
            # Asked again: acknowledge rather than repeat the same block.
            others = [button for button in goal_examples(catalog()) if button["title"].lower() not in
                      (profile.goal or "").lower()]
            said_before = times_said(tracker.events, "utter_recommendations_again")
            dispatcher.utter_message(response=RECOMMENDATIONS_AGAIN[said_before % len(RECOMMENDATIONS_AGAIN)],
                                     buttons=others, goal_reflection=reflections(slots)["goal_reflection"])
            return [SlotSet("offer_person", False)]
        if not picks:
            dispatcher.utter_message(response="utter_nothing_fits")
            wanted = " - ".join(part for part in (profile.goal, profile.challenge) if part)
            await off_loop(visitor_store().record_unmet_need, tracker.sender_id, UnmetNeedKind.NOTHING_FITS, wanted)
        else:
            dispatcher.utter_message(response="utter_recommendation_intro")
            for pick in picks:
                dispatcher.utter_message(response="utter_recommendation_item", title=pick.item.title,
                                         summary=pick.item.summary, reason=pick.reason, url=pick.item.url)
        offer = not tracker.get_slot("person_declined") and await self._person_helps(tracker, bool(picks))
        if picks and not offer:
            dispatcher.utter_message(response="utter_recommendation_outro")
        # The tracker store records what was shown, with the turn (bot/after_turn.py): no write of its own here.
        return [SlotSet("offer_person", offer), SlotSet("recommended_items", shown),
                SlotSet("recommendation_reasons", [pick.reason for pick in picks])]

    async def _person_helps(self, tracker: Tracker, something_fits: bool) -> bool:
        """A person is offered when nothing fits, or when the lead is warm enough."""
        if not something_fits:
            return True
        desk = handoff_desk()
        warmth = desk.warmth(visitor_intents(tracker.events), tracker.current_slot_values(),
                             visitor_pages(tracker.events))
        return await off_loop(desk.should_offer_person, tracker.sender_id, warmth)

