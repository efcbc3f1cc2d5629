"""NLU pipeline component that adds meaning read in context: a transformer's sentence vector for each message.

Hook: a `DenseFeaturizer` `GraphComponent` like `MeaningFeaturizer` (same `weight` setting), whose vectors come
from bot/meaning/context_encoder.py instead of averaged word vectors. Sentence features only: the encoder's
word pieces do not line up with the pipeline's tokens, and the classifier reads sentence features alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.meaning.context_encoder import context_encoder
from bot.rasa_ext.encoding_ahead import ready_vector
from bot.rasa_ext.meaning_featurizer import SEQUENCE_FEATURES, MeaningFeaturizer


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ContextMeaningFeaturizer(MeaningFeaturizer):
    """Adds the message's vector from the context encoder (sentence features) to each message's text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**MeaningFeaturizer.get_default_config(), SEQUENCE_FEATURES: False}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        super().validate_config(config)
        if config.get(SEQUENCE_FEATURES, False):
            raise ValueError(f"{cls.__name__}: `{SEQUENCE_FEATURES}` is not available (sentence vectors only)")

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)  # validates the config: sequence features are refused
        self.encoder = context_encoder()  # load at start: a missing model stops training or the server early

    def _featurize(self, message: Message) -> None:
        text = message.get(TEXT)
        if not text or not text.strip():
            return
        ready = ready_vector(text)  # computed off the event loop while serving (bot/rasa_ext/encoding_ahead.py)
        vector = ready[None, :] if ready is not None else self.encoder.sentences([text])
        sentence = vector * self.weight
        self.add_features_to_message(None, sentence.astype(np.float32), TEXT, message)
