"""The meaning featurizer adds one dense vector per token (unless told not to) and one for the message, scaled
by `weight`."""

import numpy as np
import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.meaning.embeddings import DIMENSIONS, word_embeddings
from bot.rasa_ext.meaning_featurizer import MeaningFeaturizer


def _tokenized(text: str) -> Message:
    message = Message(data={TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


def _featurizer(weight: float) -> MeaningFeaturizer:
    return MeaningFeaturizer("meaning", {**MeaningFeaturizer.get_default_config(), "weight": weight})


def test_sequence_and_sentence_features_are_added():
    message = _featurizer(2.0).process([_tokenized("is my data stored in the EU")])[0]
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence.features.shape == (7, DIMENSIONS) and sentence.features.shape == (1, DIMENSIONS)
    expected = word_embeddings().sentences(["is my data stored in the EU"])[0] * 2.0
    assert np.allclose(sentence.features[0], expected)


def test_training_data_is_featurized_and_empty_messages_are_left_alone():
    data = TrainingData([_tokenized("we want fewer churned customers"), Message(data={TEXT: ""})])
    _featurizer(1.0).process_training_data(data)
    first, empty = data.training_examples
    assert first.get_dense_features(TEXT)[1] is not None
    assert empty.get_dense_features(TEXT) == (None, None)


@pytest.mark.parametrize("weight", [0, -1, "heavy"])
def test_a_bad_weight_is_refused(weight):
    with pytest.raises(ValueError, match="weight"):
        _featurizer(weight)


def test_without_sequence_features_only_the_sentence_vector_is_added():
    config = {**MeaningFeaturizer.get_default_config(), "weight": 2.0, "sequence_features": False}
    message = MeaningFeaturizer("meaning", config).process([_tokenized("is my data stored in the EU")])[0]
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    assert np.allclose(sentence.features[0], word_embeddings().sentences(["is my data stored in the EU"])[0] * 2.0)


@pytest.mark.parametrize("setting", ["no", 0, None])
def test_a_sequence_setting_that_is_not_true_or_false_is_refused(setting):
    with pytest.raises(ValueError, match="sequence_features"):
        MeaningFeaturizer("meaning", {**MeaningFeaturizer.get_default_config(), "sequence_features": setting})
