"""The intent classifier: same probabilities as scikit-learn's, with the configured C, from sentence features only;
saved as plain arrays."""

import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
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


def _load(tmp_path):
    context = ExecutionContext(GraphSchema({}), "test")
    return SentenceIntentClassifier.load({**SentenceIntentClassifier.get_default_config(), "C": 3},
                                         LocalModelStorage(tmp_path), Resource("clf"), context)


def _same_predictions(trained, loaded, examples) -> None:
    assert list(loaded.clf.classes_) == list(trained.clf.classes_)
    for message in examples[:5]:
        assert np.allclose(loaded.probabilities(message), trained.probabilities(message))
    loaded_intent = loaded.process([examples[0]])[0].get("intent")
    trained_intent = trained.process([examples[0]])[0].get("intent")
    assert loaded_intent["name"] == trained_intent["name"]
    assert loaded_intent["confidence"] == pytest.approx(trained_intent["confidence"])


def test_a_trained_model_is_saved_as_plain_arrays_and_loads_without_skops(tmp_path, examples):
    trained = _classifier(tmp_path, C=3)
    trained.train(TrainingData(examples))
    assert sorted(path.name for path in (tmp_path / "clf").iterdir()) == ["clf.npz"]
    _same_predictions(trained, _load(tmp_path), examples)
    loads_skops = subprocess.run([sys.executable, "-c", (
        "import sys\nfrom pathlib import Path\n"
        "from rasa.engine.graph import ExecutionContext, GraphSchema\n"
        "from rasa.engine.storage.local_model_storage import LocalModelStorage\n"
        "from rasa.engine.storage.resource import Resource\n"
        "from bot.rasa_ext.intent_classifier import SentenceIntentClassifier as C\n"
        "C.load(C.get_default_config(), LocalModelStorage(Path(sys.argv[1])), Resource('clf'),\n"
        "       ExecutionContext(GraphSchema({}), 'test'))\n"
        "print('skops' in sys.modules)\n"), str(tmp_path)], capture_output=True, text=True, check=True)
    assert loads_skops.stdout.strip() == "False"


def test_a_model_saved_by_skops_before_still_loads(tmp_path, examples):
    trained = _classifier(tmp_path, C=3)
    trained.train(TrainingData(examples))
    (tmp_path / "clf" / "clf.npz").unlink()
    LogisticRegressionClassifier.persist(trained)  # what models trained before the arrays hold
    assert sorted(path.name for path in (tmp_path / "clf").iterdir()) == ["clf.skops"]
    _same_predictions(trained, _load(tmp_path), examples)


def test_the_nearest_examples_vote_is_blended_in_and_saved(tmp_path, examples):
    (tmp_path / "alone").mkdir()
    alone = _classifier(tmp_path / "alone", C=3)
    alone.train(TrainingData(examples))
    blended = _classifier(tmp_path, C=3, neighbour_share=0.3, neighbours=2)
    blended.train(TrainingData(examples))
    message = _message("new", None, [1, 0, 2, 0, 1], [0.5, 0.1, 0.2, 0.3])
    vote = blended.nearest.probabilities(np.array([0.5, 0.1, 0.2, 0.3]))
    assert np.allclose(blended.probabilities(message), 0.7 * alone.probabilities(message) + 0.3 * vote)
    with np.load(tmp_path / "clf" / "clf.npz") as saved:
        assert saved["example_vectors"].shape == (30, 4)
        assert sorted(saved["example_labels"].tolist()) == sorted(m.get("intent") for m in examples)
    loaded = SentenceIntentClassifier.load(
        {**SentenceIntentClassifier.get_default_config(), "C": 3, "neighbour_share": 0.3},
        LocalModelStorage(tmp_path), Resource("clf"), ExecutionContext(GraphSchema({}), "test"))
    _same_predictions(blended, loaded, examples)


def test_without_a_share_no_example_vectors_are_kept(tmp_path, examples):
    classifier = _classifier(tmp_path, C=3)
    classifier.train(TrainingData(examples))
    assert classifier.nearest is None
    with np.load(tmp_path / "clf" / "clf.npz") as saved:
        assert "example_vectors" not in saved


@pytest.mark.parametrize(("setting", "bad", "says"), [
    ("neighbours", 0, "whole number of at least 1"), ("neighbours", 1.5, "whole number of at least 1"),
    ("neighbour_share", 1.5, "number from 0 to 1"), ("neighbour_share", "half", "number from 0 to 1"),
    ("neighbour_sharpness", 0, "number greater than 0"), ("neighbour_sharpness", True, "number greater than 0")])
def test_neighbour_settings_are_checked(tmp_path, setting, bad, says):
    with pytest.raises(ValueError, match=f"`{setting}` must be a {says}"):
        _classifier(tmp_path, **{setting: bad})
