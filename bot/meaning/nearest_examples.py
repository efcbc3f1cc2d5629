"""Votes by the nearest training examples in meaning: how close a message comes to each intent's closest examples.

A linear model weighs features across all examples of an intent; a near paraphrase of one example ("stop
messaging me" beside "stop emailing me") is better caught by its nearest neighbours, so the classifier blends
both (measured in docs/BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.meaning.embeddings import unit_rows


class NearestExamples:
    """Unit meaning vectors of the training examples, grouped by intent, and a softmax over closeness to each."""

    def __init__(self, vectors: np.ndarray, labels: Sequence[str], classes: Sequence[str], neighbours: int,
                 sharpness: float) -> None:
        if len(vectors) != len(labels):
            raise ValueError("one label per example vector is needed")
        missing = set(labels) - set(classes)
        if missing:
            raise ValueError(f"labels not among the classes: {sorted(missing)}")
        self.classes = list(classes)
        self.neighbours = neighbours
        self.sharpness = sharpness
        order = np.argsort([self.classes.index(label) for label in labels], kind="stable")
        self.vectors = unit_rows(np.asarray(vectors, dtype=np.float32)[order])
        counts = np.bincount([self.classes.index(labels[i]) for i in order], minlength=len(self.classes))
        self.bounds = np.concatenate([[0], np.cumsum(counts)])
        # One row per class, its examples' positions in `vectors` (padded): every class's closest examples are
        # then found in one partition per message instead of one per class.
        width = max(int(counts.max(initial=0)), 1)
        self._taken = min(neighbours, width)
        columns = np.arange(width)
        self._filled = columns[None, :] < counts[:, None]
        self._rows = np.where(self._filled, self.bounds[:-1, None] + columns[None, :], 0)
        self._divisor = np.maximum(np.minimum(counts, neighbours), 1)

    def closeness(self, vector: np.ndarray) -> np.ndarray:
        """Mean cosine of the `neighbours` closest examples of each class (0 for a class without examples)."""
        similarities = self.vectors @ unit_rows(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        grouped = np.where(self._filled, similarities[self._rows], -np.inf)
        closest = np.partition(grouped, grouped.shape[1] - self._taken, axis=1)[:, -self._taken:]
        return np.where(np.isfinite(closest), closest, 0.0).sum(axis=1) / self._divisor

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        """A probability for each class (in `classes` order), sharper the more one class's examples stand out."""
        scores = self.closeness(vector) * self.sharpness
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()
