"""A model is reused while nothing it was trained from has changed (Rasa 3.6 would write a new archive)."""

import os
import time

from bot.rasa_ext import model_training
from bot.rasa_ext.model_training import train, training_fingerprint, up_to_date_model


def _model(folder, name, fingerprint=None, age=0.0):
    model = folder / f"{name}.tar.gz"
    model.write_bytes(b"model")
    stamp = time.time() - age
    os.utime(model, (stamp, stamp))
    if fingerprint is not None:
        (folder / f"{name}.tar.gz.fingerprint").write_text(fingerprint + "\n")
    return model


def test_an_unchanged_project_reuses_the_newest_model_without_training(tmp_path):
    current = training_fingerprint()
    _model(tmp_path, "older", current, age=60)
    newest = _model(tmp_path, "newest", current)
    started = time.perf_counter()
    assert train(tmp_path) == newest
    assert time.perf_counter() - started < 5  # no Rasa start (which alone takes longer)
    assert sorted(path.name for path in tmp_path.glob("*.tar.gz")) == ["newest.tar.gz", "older.tar.gz"]


def test_a_newest_model_from_other_inputs_or_without_a_fingerprint_is_not_reused(tmp_path):
    _model(tmp_path, "old", training_fingerprint(), age=60)
    _model(tmp_path, "other", "0" * 64)
    assert up_to_date_model(tmp_path, training_fingerprint()) is None
    _model(tmp_path, "unmarked")
    assert up_to_date_model(tmp_path, training_fingerprint()) is None
    assert up_to_date_model(tmp_path / "absent", training_fingerprint()) is None


def test_the_fingerprint_follows_the_domain_and_is_stable(tmp_path):
    domain = tmp_path / "domain.yml"
    domain.write_text((model_training.PROJECT_ROOT / "domain.yml").read_text() + "\n# changed\n")
    assert training_fingerprint() == training_fingerprint()
    assert training_fingerprint(domain) != training_fingerprint()
