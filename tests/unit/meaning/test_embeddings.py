"""The pretrained vectors load from the installed files and behave like meaning, deterministically."""

import numpy as np
import pytest

from bot.meaning.embeddings import DIMENSIONS, WordEmbeddings, similarity, word_embeddings


def test_vectors_are_unit_length_and_the_same_every_load():
    first = WordEmbeddings.from_package().sentences(["how much does it cost", "can I talk to a person"])
    second = WordEmbeddings.from_package().sentences(["how much does it cost", "can I talk to a person"])
    assert first.shape == (2, DIMENSIONS) and first.dtype == np.float32
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)


def test_nothing_to_read_is_a_zero_vector_not_an_error():
    vectors = word_embeddings().sentences(["", "   "])
    assert vectors.shape == (2, DIMENSIONS) and not vectors.any()
    assert word_embeddings().sentences([]).shape == (0, DIMENSIONS)


@pytest.mark.parametrize(("text", "close", "far"), [
    ("how much does it cost", "what is the price", "I like bananas"),
    ("can I talk to a person", "I want to speak with a human", "our churn is creeping up"),
])
def test_paraphrases_sit_closer_than_unrelated_sentences(text, close, far):
    vectors = word_embeddings().sentences([text, close, far])
    scores = similarity(vectors[:1], vectors[1:])[0]
    assert scores[0] > scores[1] + 0.3


def test_words_have_one_vector_each():
    words = word_embeddings().words(["pricing", "onboarding", "x"])
    assert words.shape == (3, DIMENSIONS)
    assert similarity(words[:1], word_embeddings().words(["price"]))[0, 0] > 0.5
