"""NLU pipeline component that adds meaning: dense word and sentence vectors (bot/meaning/embeddings.py).

Hook: a `DenseFeaturizer` `GraphComponent` placed after the tokenizer in `config.yml`. Sequence features
are one vector per token, sentence features the whole message's vector; the intent classifier reads them
beside the sparse n-grams. `weight` scales the vectors against the sparse counts (chosen by measurement);
`sequence_features: false` leaves out the per-token vectors when nothing in the pipeline reads them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.meaning.embeddings import word_embeddings

WEIGHT = "weight"
SEQUENCE_FEATURES = "sequence_features"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MeaningFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds wordllama word vectors (sequence) and the message's vector (sentence) to each message's text."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), WEIGHT: 1.0, SEQUENCE_FEATURES: True}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if not isinstance(config.get(WEIGHT, 1.0), (int, float)) or config.get(WEIGHT, 1.0) <= 0:
            raise ValueError(f"{cls.__name__}: `{WEIGHT}` must be a number greater than 0")
        if not isinstance(config.get(SEQUENCE_FEATURES, True), bool):
            raise ValueError(f"{cls.__name__}: `{SEQUENCE_FEATURES}` must be true or false")

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MeaningFeaturizer:
        return cls(execution_context.node_name, config)

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self.weight = float(config.get(WEIGHT, 1.0))
        self.sequence_features = bool(config.get(SEQUENCE_FEATURES, True))
        self.embeddings = word_embeddings()  # load at start: missing files stop training or the server early

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._featurize(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        text = message.get(TEXT)
        if not tokens or not text:
            return
        sequence = None
        if self.sequence_features:
            sequence = (self.embeddings.words([token.text for token in tokens]) * self.weight).astype(np.float32)
        sentence = self.embeddings.sentences([text]) * self.weight
        self.add_features_to_message(sequence, sentence.astype(np.float32), TEXT, message)
