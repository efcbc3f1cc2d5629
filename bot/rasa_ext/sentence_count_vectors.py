"""Rasa's `CountVectorsFeaturizer`, computing only the sentence features.

Rasa's featurizer vectorises a message twice: once token by token (sequence features, for models such as
DIET) and once whole (sentence features). Nothing in this pipeline reads the sequence features (the intent
classifier reads sentence features only, `intent_classifier.py`), and the token-by-token pass was about half
of the featurizer's time, itself a tenth of the Rasa process's time under load. Same vocabulary, same
sentence features, same saved model.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """`CountVectorsFeaturizer` without sequence features (configured like it in config.yml)."""

    def _create_features(self, attribute: str, all_tokens: list[list[str]]) -> tuple[list[Any], list[Any]]:
        vectorizer = self.vectorizers.get(attribute)
        if not vectorizer:
            return [None], [None]
        sentences: list[Any] = []
        for tokens in all_tokens:
            if not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentences.append(None)
                continue
            sentence = vectorizer.transform([" ".join(tokens)])
            sentence.sort_indices()
            sentences.append(sentence.tocoo())
        return [None] * len(all_tokens), sentences
