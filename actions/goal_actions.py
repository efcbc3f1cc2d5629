"""Remembers the visitor's goal as soon as they share it."""

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.memory import visitor_memory


class ActionRememberGoal(Action):
    """Stores the latest message as the visitor's goal and sets the `goal` slot."""

    def name(self) -> str:
        return "action_remember_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        goal = (tracker.latest_message.get("text") or "").strip()
        if not goal:
            return []
        await asyncio.to_thread(visitor_memory().remember, tracker.sender_id, "goal", goal)
        return [SlotSet("goal", goal)]
