"""The only action that presents catalog items, and only once the visitor's goal is known."""

from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.memory import off_loop, visitor_memory
from bot.discovery.catalog import Catalog, load_catalog
from bot.discovery.recommend import recommend_for
from bot.discovery.slots import profile_from_slots


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The validated catalog; an invalid catalog raises here, at action-server start."""
    return load_catalog()


class ActionRecommend(Action):
    """Shows at most a few catalog items that fit what the visitor said, each with its reason."""

    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        profile = profile_from_slots(tracker.current_slot_values())
        if profile.goal is None:
            # Guard: never recommend before listening, whatever the dialogue policy predicted.
            dispatcher.utter_message(response="utter_ask_goal_first")
            return [FollowupAction("discovery_form")]
        asked_pricing = (tracker.latest_message.get("intent") or {}).get("name") == "ask_pricing"
        picks = recommend_for(profile, catalog(), prefer_stage="decision" if asked_pricing else None)
        if not picks:
            dispatcher.utter_message(response="utter_nothing_fits")
            return [SlotSet("recommendation_fit", "none")]
        dispatcher.utter_message(response="utter_recommendation_intro")
        for pick in picks:
            dispatcher.utter_message(response="utter_recommendation_item", title=pick.item.title,
                                     summary=pick.item.summary, reason=pick.reason, url=pick.item.url)
        dispatcher.utter_message(response="utter_recommendation_outro")
        await off_loop(visitor_memory().record_recommendations, tracker.sender_id,
                       [(pick.item.id, pick.reason) for pick in picks])
        return [SlotSet("recommendation_fit", "good")]


catalog()
