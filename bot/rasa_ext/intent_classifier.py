"""Intent classifier: Rasa's logistic regression, reading only what it uses and honouring its `C`.

Hook: a subclass of Rasa's `LogisticRegressionClassifier` (same training, same saved model). Overrides:
- the regularisation `C` from config.yml is applied (Rasa 3.6 accepts the key and silently ignores it);
- features: only the message's sentence features are read, straight from the message, instead of
  Rasa's `get_sparse_features`/`get_dense_features`, which first combine every featurizer's sequence
  features too (a third of NLU time per message, measured with cProfile);
- prediction: the multinomial model's probabilities are computed from the coefficients part by part (sparse
  rows times coefficient columns), without building one stacked sparse matrix per message;
- saved as plain arrays (`.npz`, no pickle) instead of through skops, whose first import walks every
  scikit-learn module (about 1.5 s of the Rasa server's start); a model saved by skops still loads;
- nearest examples: with `neighbour_share` above 0, the model's probabilities are blended with a vote of the
  training examples closest in meaning (the dense sentence vectors; bot/meaning/nearest_examples.py).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH

from bot.meaning.nearest_examples import NearestExamples

logger = logging.getLogger(__name__)
C = "C"
NEIGHBOURS, NEIGHBOUR_SHARE, NEIGHBOUR_SHARPNESS = "neighbours", "neighbour_share", "neighbour_sharpness"
SAVED_ARRAYS = ("coef_", "intercept_", "classes_")
EXAMPLE_VECTORS, EXAMPLE_LABELS = "example_vectors", "example_labels"


def sentence_parts(message: Message) -> list[Any]:
    """The message's sentence features for its text, sparse ones first, each in pipeline order."""
    features = [f for f in message.features if f.type == FEATURE_TYPE_SENTENCE and f.attribute == TEXT]
    return [f.features for f in features if f.is_sparse()] + [f.features for f in features if f.is_dense()]


def meaning_vector(message: Message) -> np.ndarray | None:
    """The message's dense sentence features for its text as one vector (None without any)."""
    dense = [np.asarray(f.features).ravel() for f in message.features
             if f.type == FEATURE_TYPE_SENTENCE and f.attribute == TEXT and f.is_dense()]
    return np.concatenate(dense) if dense else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceIntentClassifier(LogisticRegressionClassifier):
    """Logistic regression on the sentence features, with the configured `C`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), C: 1.0, NEIGHBOURS: 2, NEIGHBOUR_SHARE: 0.0,
                NEIGHBOUR_SHARPNESS: 20.0}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceIntentClassifier:
        return cls(config, execution_context.node_name, model_storage, resource)

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        if not isinstance(self.config[C], (int, float)) or self.config[C] <= 0:
            raise ValueError(f"{type(self).__name__}: `{C}` must be a number greater than 0")
        self.clf.C = float(self.config[C])
        _check_neighbour_settings(type(self).__name__, self.config)
        self.nearest: NearestExamples | None = None

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the model and, when their vote is used, keep the examples' meaning vectors."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.debug("%s: no examples to train on", type(self).__name__)
            return self._resource
        labels = [e.get(INTENT) for e in examples]
        self.clf.fit(self._create_X(examples), labels)
        vectors = [vector for vector in map(meaning_vector, examples) if vector is not None]
        if self.config[NEIGHBOUR_SHARE] > 0 and len(vectors) == len(examples):
            self.nearest = self._nearest(np.stack(vectors), labels, self.clf.classes_.tolist())
        self.persist()
        return self._resource

    def _nearest(self, vectors: np.ndarray, labels: list[str], classes: list[str]) -> NearestExamples:
        return NearestExamples(vectors, labels, classes, self.config[NEIGHBOURS], self.config[NEIGHBOUR_SHARPNESS])

    def persist(self) -> None:
        """Save the fitted model's arrays (nothing to save before training)."""
        if not hasattr(self.clf, "coef_"):
            return
        with self._model_storage.write_to(self._resource) as model_dir:
            arrays = {name: np.asarray(getattr(self.clf, name)) for name in SAVED_ARRAYS}
            arrays["classes_"] = arrays["classes_"].astype(str)  # a unicode array: loads without pickle
            if self.nearest is not None:
                arrays[EXAMPLE_VECTORS] = self.nearest.vectors
                arrays[EXAMPLE_LABELS] = np.repeat(np.array(self.nearest.classes, dtype=str),
                                                   np.diff(self.nearest.bounds))
            np.savez(model_dir / f"{self._resource.name}.npz", **arrays)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SentenceIntentClassifier:
        """The saved arrays; a model saved before them (skops) or never trained loads as Rasa's does."""
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / f"{resource.name}.npz"
                if path.is_file():
                    component = cls(config, execution_context.node_name, model_storage, resource)
                    with np.load(path, allow_pickle=False) as saved:
                        component.clf.coef_, component.clf.intercept_ = saved["coef_"], saved["intercept_"]
                        component.clf.classes_ = saved["classes_"]
                        if EXAMPLE_VECTORS in saved and component.config[NEIGHBOUR_SHARE] > 0:
                            component.nearest = component._nearest(
                                saved[EXAMPLE_VECTORS], saved[EXAMPLE_LABELS].tolist(),
                                component.clf.classes_.tolist())
                    return component
        except ValueError:  # the resource does not exist: never trained
            logger.debug("no saved arrays for %s", resource.name)
        return super().load(config, model_storage, resource, execution_context, **kwargs)

    def _create_X(self, messages: list[Message]) -> scipy.sparse.csr_matrix:
        rows = [scipy.sparse.hstack([scipy.sparse.csr_matrix(part) for part in sentence_parts(message)])
                for message in messages]
        return scipy.sparse.vstack(rows).tocsr()

    def probabilities(self, message: Message) -> np.ndarray:
        """The model's probability for each class (`self.clf.classes_`), for one message."""
        coefficients = self.clf.coef_
        scores = self.clf.intercept_.astype(np.float64)
        start = 0
        for part in sentence_parts(message):
            width = part.shape[-1]
            block = coefficients[:, start:start + width]
            scores = scores + np.asarray(part @ block.T).ravel()
            start += width
        if len(self.clf.classes_) == 2:  # binary: one score for the second class
            second = 1 / (1 + np.exp(-scores[0]))
            return np.array([1 - second, second])
        scores -= scores.max()
        exp = np.exp(scores)
        probabilities = exp / exp.sum()
        vector = meaning_vector(message) if self.nearest is not None else None
        if vector is None or self.nearest is None:
            return probabilities
        share = self.config[NEIGHBOUR_SHARE]
        return (1 - share) * probabilities + share * self.nearest.probabilities(vector)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not sentence_parts(message):
                continue
            ranking = sorted(({"name": name, "confidence": float(p)} for name, p in
                              zip(self.clf.classes_, self.probabilities(message), strict=True)),
                             key=lambda entry: -entry["confidence"])
            message.set("intent", ranking[0], add_to_output=True)
            length = self.config[RANKING_LENGTH]
            message.set("intent_ranking", ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages


def _check_neighbour_settings(component: str, config: dict[str, Any]) -> None:
    neighbours, share, sharpness = config[NEIGHBOURS], config[NEIGHBOUR_SHARE], config[NEIGHBOUR_SHARPNESS]
    if isinstance(neighbours, bool) or not isinstance(neighbours, int) or neighbours < 1:
        raise ValueError(f"{component}: `{NEIGHBOURS}` must be a whole number of at least 1")
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ValueError(f"{component}: `{NEIGHBOUR_SHARE}` must be a number from 0 to 1")
    if isinstance(sharpness, bool) or not isinstance(sharpness, (int, float)) or sharpness <= 0:
        raise ValueError(f"{component}: `{NEIGHBOUR_SHARPNESS}` must be a number greater than 0")
