"""Discovery: capturing the goal, validating and normalising each answer, storing it at once."""

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.memory import off_loop, visitor_memory
from bot.discovery.answers import (
    SKIPPED,
    clean_free_text,
    company_size_band,
    is_skip,
    timeline_bucket,
)
from bot.discovery.paraphrase import reflect_challenge, reflect_goal

RESET_DISCOVERY = {"goal": None, "goal_reflection": None, "challenge": None, "challenge_reflection": None,
                   "goal_confirmed": None}


async def _remember(tracker: Tracker, kind: str, value: str) -> None:
    await off_loop(visitor_memory().remember, tracker.sender_id, kind, value)


class ActionCaptureGoal(Action):
    """Takes a goal the visitor shared unprompted, stores it, and starts discovery from there."""

    def name(self) -> str:
        return "action_capture_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        goal = clean_free_text(tracker.latest_message.get("text") or "")
        if not goal:
            return []
        await _remember(tracker, "goal", goal)
        slots = dict(RESET_DISCOVERY, goal=goal, goal_reflection=reflect_goal(goal))
        return [SlotSet(name, value) for name, value in slots.items()]


class ActionResetDiscovery(Action):
    """Forgets the goal and challenge in this conversation so discovery can start over."""

    def name(self) -> str:
        return "action_reset_discovery"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        return [SlotSet(name, value) for name, value in RESET_DISCOVERY.items()]


class ValidateDiscoveryForm(FormValidationAction):
    """Normalises each discovery answer, accepts "skip", and writes every fact to SQL immediately."""

    def name(self) -> str:
        return "validate_discovery_form"

    async def validate_goal(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[str, Any]:
        goal = clean_free_text(str(value or ""))
        if not goal or is_skip(goal):
            dispatcher.utter_message(response="utter_goal_needed")
            return {"goal": None}
        await _remember(tracker, "goal", goal)
        return {"goal": goal, "goal_reflection": reflect_goal(goal)}

    async def validate_challenge(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[str, Any]:
        challenge = clean_free_text(str(value or ""))
        if not challenge or is_skip(challenge):
            return {"challenge": SKIPPED, "challenge_reflection": None}
        await _remember(tracker, "challenge", challenge)
        return {"challenge": challenge, "challenge_reflection": reflect_challenge(challenge)}

    async def validate_goal_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[str, Any]:
        if value is True:
            return {"goal_confirmed": True}
        dispatcher.utter_message(response="utter_goal_corrected")
        return dict(RESET_DISCOVERY)

    async def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[str, Any]:
        role = clean_free_text(str(value or ""), limit=120)
        if not role or is_skip(role):
            return {"role": SKIPPED}
        await _remember(tracker, "role", role)
        return {"role": role}

    async def _normalised(self, tracker: Tracker, slot: str, value: Any,
                          normalise: Any) -> Dict[str, str | None]:
        said = clean_free_text(str(value or ""))
        normalised = None if is_skip(said) else normalise(said)
        if normalised is None:
            # Unclear or declined: accept it without nagging; keep their words if they gave any.
            if said and not is_skip(said):
                await _remember(tracker, f"{slot}_as_said", said)
            return {slot: SKIPPED}
        await _remember(tracker, slot, normalised)
        return {slot: normalised}

    async def validate_company_size(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[str, Any]:
        return await self._normalised(tracker, "company_size", value, company_size_band)

    async def validate_timeline(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[str, Any]:
        return await self._normalised(tracker, "timeline", value, timeline_bucket)
