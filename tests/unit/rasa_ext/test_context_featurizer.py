"""The context featurizer adds the context encoder's sentence vector, scaled by `weight`, and nothing per token."""

import numpy as np
import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.meaning.context_encoder import DIMENSIONS, context_encoder
from bot.rasa_ext.context_featurizer import ContextMeaningFeaturizer


def _tokenized(text: str) -> Message:
    message = Message(data={TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


def _featurizer(**settings) -> ContextMeaningFeaturizer:
    return ContextMeaningFeaturizer("context", {**ContextMeaningFeaturizer.get_default_config(), **settings})


def test_the_sentence_vector_is_added_scaled_and_no_token_vectors():
    message = _featurizer(weight=2.0).process([_tokenized("is my data stored in the EU")])[0]
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None and sentence.features.shape == (1, DIMENSIONS)
    expected = context_encoder().sentences(["is my data stored in the EU"])[0] * 2.0
    assert np.allclose(sentence.features[0], expected)


def test_training_data_is_featurized_and_blank_messages_are_left_alone():
    data = TrainingData([_tokenized("we want fewer churned customers"), Message(data={TEXT: "   "})])
    _featurizer().process_training_data(data)
    first, blank = data.training_examples
    assert first.get_dense_features(TEXT)[1] is not None
    assert blank.get_dense_features(TEXT) == (None, None)


@pytest.mark.parametrize("weight", [0, -1, "heavy"])
def test_a_bad_weight_is_refused(weight):
    with pytest.raises(ValueError, match="weight"):
        _featurizer(weight=weight)


def test_asking_for_token_vectors_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="sentence vectors only"):
        _featurizer(sequence_features=True)
