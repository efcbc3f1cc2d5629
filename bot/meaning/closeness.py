"""How close in meaning a visitor's words are to something described by several phrases (an item, an answer).

Two views, added: phrase closeness (the mean of the few best phrase-to-text cosines) sees the whole
thought; word alignment (each of the visitor's content words matched to its closest described word) keeps
one off-topic word from swamping a short text. Filler words are left out of both, because mean-pooled
static vectors otherwise make every "we want to ..." sentence look alike. Weights chosen on the catalog fit
set (docs/BENCHMARKS.md, "Catalog fit").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.meaning.embeddings import DIMENSIONS, word_embeddings

FILLER_WORDS = frozenset("""
a an the and or but of to in on for with at by from up about into over after before we our us ours i my me
mine you your yours they them their it its is are was were be been being am have has had do does did this
that these those there here so just very really too can could would should will shall want need get got
make let how what which who whom whose why when where as than then not all any some more most also like
guys folks please hey hi hello ok okay um uh actually basically
""".split())
BEST_PHRASES = 5
WORD_ALIGNMENT_WEIGHT = 0.5
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def content_words(text: str) -> list[str]:
    """The words that carry meaning, lowercased, in order (filler words dropped)."""
    return [word for word in _WORD.findall(text.lower().replace("’", "'")) if word not in FILLER_WORDS]


def _content_text(text: str) -> str:
    return " ".join(content_words(text)) or text


@dataclass(frozen=True)
class Query:
    """A visitor's text, embedded once and compared with many descriptions."""

    sentence: np.ndarray
    words: np.ndarray

    @classmethod
    def of(cls, text: str) -> Query:
        embeddings = word_embeddings()
        words = content_words(text)
        word_vectors = embeddings.words(words) if words else np.zeros((0, DIMENSIONS), dtype=np.float32)
        return cls(sentence=embeddings.sentences([_content_text(text)])[0], words=word_vectors)

    @property
    def is_empty(self) -> bool:
        return not self.sentence.any()


class Description:
    """Something described by several phrases, embedded once."""

    def __init__(self, phrases: Iterable[str]) -> None:
        texts = [phrase for phrase in phrases if phrase.strip()]
        embeddings = word_embeddings()
        self.phrases = embeddings.sentences([_content_text(text) for text in texts])
        vocabulary = sorted({word for text in texts for word in content_words(text)})
        self.words = embeddings.words(vocabulary) if vocabulary else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def phrase_closeness(self, query: Query) -> float:
        """Mean cosine of the best few phrases to the query's whole text."""
        if query.is_empty or not len(self.phrases):
            return 0.0
        scores = np.sort(self.phrases @ query.sentence)[-BEST_PHRASES:]
        return float(scores.mean())

    def word_alignment(self, query: Query) -> float:
        """Mean, over the query's content words, of each word's best cosine to a described word."""
        if not len(query.words) or not len(self.words):
            return 0.0
        return float((query.words @ self.words.T).max(axis=1).mean())

    def closeness(self, query: Query) -> float:
        """One number, higher is closer: phrase closeness plus half the word alignment (about 0 to 1.5)."""
        return self.phrase_closeness(query) + WORD_ALIGNMENT_WEIGHT * self.word_alignment(query)
