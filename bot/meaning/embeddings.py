"""Sentence and word vectors from wordllama's distilled token embeddings (MIT licence), loaded offline.

The `wordllama` wheel (pinned in requirements/no-deps.txt) ships a 32,000 x 256 token embedding table
(`weights/l2_supercat_256.safetensors`) and its tokenizer (`tokenizers/l2_supercat_tokenizer_config.json`).
Its own Python code needs numpy 2 and pydantic 2, which Rasa 3.6 cannot take, so the two files are read
directly with `safetensors` and `tokenizers`; the package is never imported. Nothing is fetched at run time.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
DIMENSIONS = 256


class EmbeddingsUnavailable(RuntimeError):
    """The wordllama files are not installed; the message says how to install them."""


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")  # finds the files without running wordllama's code
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsUnavailable("wordllama is not installed: run `make setup` (requirements/no-deps.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


class WordEmbeddings:
    """Mean-pooled, unit-length vectors for sentences and for single words."""

    def __init__(self, table: np.ndarray, tokenizer: Tokenizer) -> None:
        # Kept as shipped (float16: half the memory in every process); the few rows a text needs become float32.
        self.table = table
        self.tokenizer = tokenizer

    @classmethod
    def from_package(cls) -> WordEmbeddings:
        base = _package_dir()
        for relative in (WEIGHTS, TOKENIZER):
            if not (base / relative).is_file():
                raise EmbeddingsUnavailable(f"{base / relative} is missing: reinstall wordllama (make setup)")
        table = load_file(str(base / WEIGHTS))["embedding.weight"]
        return cls(table, Tokenizer.from_str((base / TOKENIZER).read_text(encoding="utf-8")))

    def sentences(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (zeros for a blank text), shape (len(texts), 256)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        cleaned = [text.strip() for text in texts]
        encodings = self.tokenizer.encode_batch(cleaned, add_special_tokens=False)
        ids = [encoding.ids if text else [] for text, encoding in zip(cleaned, encodings, strict=True)]
        counts = np.array([len(piece) for piece in ids])
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        filled = counts > 0
        if filled.any():
            flat = np.clip(np.fromiter((i for piece in ids for i in piece), dtype=np.int64), 0, len(self.table) - 1)
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[filled]
            # Mean-pool each text's pieces in one pass (reduceat sums each text's run of rows).
            rows = self.table[flat].astype(np.float32)
            vectors[filled] = np.add.reduceat(rows, starts, axis=0) / counts[filled, None]
        return unit_rows(vectors)

    def words(self, words: Sequence[str]) -> np.ndarray:
        """One unit vector per word (each the mean of its sub-word pieces), shape (len(words), 256)."""
        return self.sentences(words)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (an all-zero row stays zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


@lru_cache(maxsize=1)
def word_embeddings() -> WordEmbeddings:
    """The process-wide embeddings (16 MB, loaded once)."""
    return WordEmbeddings.from_package()


def similarity(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cosine similarity between unit vectors (rows of `first` against rows of `second`)."""
    return first @ second.T
