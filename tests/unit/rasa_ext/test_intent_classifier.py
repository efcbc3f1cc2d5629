"""The intent classifier: same probabilities as scikit-learn's, with the configured C, from sentence features only."""

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_ext.intent_classifier import SentenceIntentClassifier


def _message(text, intent, sparse, dense):
    message = Message(data={"text": text, "intent": intent})
    message.add_features(Features(scipy.sparse.coo_matrix([sparse]), "sentence", "text", "counts"))
    message.add_features(Features(np.zeros((2, 3)), "sequence", "text", "meaning"))  # ignored
    message.add_features(Features(np.array([dense]), "sentence", "text", "meaning"))
    return message


def _classifier(tmp_path, **config):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    return SentenceIntentClassifier.create({**SentenceIntentClassifier.get_default_config(), **config}, storage,
                                           Resource("clf"), context)


@pytest.fixture
def examples():
    rng = np.random.default_rng(7)
    intents = ["greet", "goodbye", "ask_pricing"]
    return [_message(f"text {i}", intents[i % 3], rng.integers(0, 3, 5).tolist(),
                     (rng.normal(size=4) + i % 3).tolist()) for i in range(30)]


def test_probabilities_match_scikit_learn_and_c_is_applied(tmp_path, examples):
    classifier = _classifier(tmp_path, C=3)
    classifier.train(TrainingData(examples))
    assert classifier.clf.C == 3.0
    expected = classifier.clf.predict_proba(classifier._create_X(examples[:5]))
    actual = np.stack([classifier.probabilities(message) for message in examples[:5]])
    assert np.allclose(actual, expected)
    [message] = classifier.process([_message("new", None, [1, 0, 2, 0, 1], [0.5, 0.1, 0.2, 0.3])])
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == ranking[0]["name"]
    assert abs(sum(entry["confidence"] for entry in ranking) - 1) < 1e-6


def test_a_message_without_features_is_left_alone(tmp_path, examples):
    classifier = _classifier(tmp_path)
    classifier.train(TrainingData(examples))
    [message] = classifier.process([Message(data={"text": ""})])
    assert message.get("intent") is None


@pytest.mark.parametrize("bad", [0, -1, "strong"])
def test_c_must_be_positive(tmp_path, bad):
    with pytest.raises(ValueError, match="`C` must be a number greater than 0"):
        _classifier(tmp_path, C=bad)
