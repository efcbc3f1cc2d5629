"""The nearest-examples vote: each intent's closest examples decide how close a message comes to it."""

import numpy as np
import pytest

from bot.meaning.embeddings import unit_rows
from bot.meaning.nearest_examples import NearestExamples


def _vote(neighbours=2, sharpness=20.0):
    vectors = np.array([[1, 0, 0], [0.9, 0.1, 0], [0.8, 0.2, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    labels = ["greet", "greet", "greet", "goodbye", "thank"]
    return NearestExamples(vectors, labels, ["goodbye", "greet", "thank", "unused"], neighbours, sharpness)


def test_closeness_is_the_mean_of_each_intents_closest_examples():
    closeness = _vote(neighbours=2).closeness(np.array([1.0, 0, 0]))
    greet = unit_rows(np.array([[0.9, 0.1, 0], [1, 0, 0]])) @ np.array([1.0, 0, 0])
    assert closeness[1] == pytest.approx(greet.mean())
    assert closeness[0] == pytest.approx(0.0) and closeness[2] == pytest.approx(0.0)
    assert closeness[3] == 0.0  # an intent without examples is never close


def test_an_intent_with_fewer_examples_than_neighbours_uses_those_it_has():
    closeness = _vote(neighbours=3).closeness(np.array([0.0, 2.0, 0]))
    assert closeness[0] == pytest.approx(1.0)


def test_a_near_paraphrase_of_one_example_wins_over_a_larger_intent():
    probabilities = _vote(neighbours=1).probabilities(np.array([0.1, 0.0, 1.0]))
    assert probabilities.argmax() == 2
    assert probabilities.sum() == pytest.approx(1.0)


def test_sharpness_makes_the_vote_more_decided():
    soft = _vote(sharpness=2).probabilities(np.array([0.0, 1.0, 0]))
    sharp = _vote(sharpness=40).probabilities(np.array([0.0, 1.0, 0]))
    assert sharp.max() > soft.max() and sharp.argmax() == soft.argmax() == 0


def test_labels_must_match_the_vectors_and_the_classes():
    with pytest.raises(ValueError, match="one label per example"):
        NearestExamples(np.ones((2, 3)), ["greet"], ["greet"], 1, 20.0)
    with pytest.raises(ValueError, match="not among the classes"):
        NearestExamples(np.ones((1, 3)), ["greet"], ["thank"], 1, 20.0)
