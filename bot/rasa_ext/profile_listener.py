"""NLU pipeline component that hears profile facts in every message and settles the intent.

Hook: a `GraphComponent` placed after the classifiers in `config.yml`. It adds one entity per fact heard
(value = the normalised fact), which the slots' `from_entity` mappings in `domain.yml` pick up on every turn,
inside or outside a form; and it replaces the classifier's intent when the whole message says otherwise
(`bot.profile.intent_decision`). The rules themselves live in `bot.profile`, testable without Rasa.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation_events import typed_by_visitor
from bot.profile.hearing import LISTENER_NAME, Heard, hear_facts
from bot.profile.intent_decision import decide_intent, facts_for_intent

# A fact heard but not for sure is an entity with this role: it fills `unsure_<fact>`, not the fact itself,
# and the assistant confirms it ("You said you're about 40. Is that the size of the company?").
UNSURE_ROLE = "unsure"


def _entity(fact: Heard) -> dict[str, Any]:
    entity = {"entity": fact.fact, "value": fact.value if fact.sure else fact.said, "start": fact.start,
              "end": fact.end, "confidence_entity": 1.0, "extractor": LISTENER_NAME}
    if not fact.sure:
        entity["role"] = UNSURE_ROLE
    return entity


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ProfileListener(GraphComponent):
    """Adds heard profile facts as entities and corrects one-word intent misreadings."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ProfileListener:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._listen(message)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    @staticmethod
    def _listen(message: Message) -> None:
        text = message.get(TEXT) or ""
        if not typed_by_visitor(text):
            return
        heard = hear_facts(text)
        intent = message.get(INTENT) or {}
        ranking = [(entry.get(INTENT_NAME_KEY), float(entry.get("confidence") or 0.0))
                   for entry in message.get(INTENT_RANKING_KEY) or []]
        if not ranking and intent.get(INTENT_NAME_KEY):
            ranking = [(intent[INTENT_NAME_KEY], float(intent.get("confidence") or 0.0))]
        decided = decide_intent(text, ranking, heard)
        if decided and decided != intent.get(INTENT_NAME_KEY):
            confidence = next((score for name, score in ranking if name == decided), 1.0)
            intent = {INTENT_NAME_KEY: decided, "confidence": confidence}
            message.set(INTENT, intent, add_to_output=True)
        facts = facts_for_intent(heard, str(intent.get(INTENT_NAME_KEY) or ""))
        entities = list(message.get(ENTITIES) or [])
        entities.extend(_entity(fact) for fact in facts)
        message.set(ENTITIES, entities, add_to_output=True)
