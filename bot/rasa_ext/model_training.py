"""Training the project's model (Rasa's cache retrains only what changed) and putting one live.

A model is stored with a fingerprint of everything it was trained from (config, domain, data and the
project's code, which holds the custom NLU components) in `<model>.fingerprint`. When the newest model's
fingerprint matches, `train` returns it without running Rasa: Rasa 3.6 itself writes a new model archive on
every `rasa train`, even when nothing changed.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from bot.paths import MODELS_DIR, PROJECT_ROOT
from bot.settings import child_environment

FINGERPRINT_SUFFIX = ".fingerprint"


def training_fingerprint(domain: Path | None = None) -> str:
    """A hash of every input to training: config.yml, the domain, data/ and the project's Python code."""
    import rasa

    inputs = [PROJECT_ROOT / "config.yml", domain or PROJECT_ROOT / "domain.yml",
              *sorted((PROJECT_ROOT / "data").rglob("*.yml")), *sorted((PROJECT_ROOT / "bot").rglob("*.py"))]
    digest = hashlib.sha256(f"rasa {rasa.__version__}".encode())
    for path in inputs:
        digest.update(str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path.name)
                      .encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _fingerprint_file(model: Path) -> Path:
    return model.with_name(model.name + FINGERPRINT_SUFFIX)


def newest_model(out_dir: Path) -> Path | None:
    """The most recently written model archive in `out_dir`, if any."""
    models = list(out_dir.glob("*.tar.gz")) if out_dir.is_dir() else []
    return max(models, key=lambda path: path.stat().st_mtime) if models else None


def up_to_date_model(out_dir: Path, fingerprint: str) -> Path | None:
    """The newest model, when it was trained from exactly these inputs."""
    model = newest_model(out_dir)
    marker = _fingerprint_file(model) if model else None
    if model and marker and marker.is_file() and marker.read_text(encoding="utf-8").strip() == fingerprint:
        return model
    return None


def train(out_dir: Path = MODELS_DIR, domain: Path | None = None, force: bool = False) -> Path:
    """The model for the project's current config and data: the newest one if nothing changed since it was
    trained, else a `rasa train` (Rasa's cache retrains only the parts that changed). `force` retrains all."""
    fingerprint = training_fingerprint(domain)
    if not force and (model := up_to_date_model(out_dir, fingerprint)):
        return model
    command = [sys.executable, "-m", "bot.rasa_ext.rasa_command", "train", "--out", str(out_dir)]
    if domain is not None:
        command += ["--domain", str(domain)]
    if force:
        command.append("--force")
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env=child_environment())
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed:\n{(result.stdout + result.stderr)[-3000:]}")
    model = newest_model(out_dir)
    if model is None:
        raise RuntimeError(f"rasa train wrote no model into {out_dir}")
    _fingerprint_file(model).write_text(fingerprint + "\n", encoding="utf-8")
    return model


def replace_model(rasa_url: str, token: str, model: Path) -> None:
    """Ask the running server to load `model` (Rasa's HTTP API: PUT /model)."""
    request = urllib.request.Request(
        f"{rasa_url}/model?token={urllib.parse.quote(token)}", method="PUT",
        data=json.dumps({"model_file": str(model.resolve())}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        if response.status >= 300:
            raise RuntimeError(f"Rasa answered {response.status} to the model swap")


def answers_with_token(rasa_url: str, token: str) -> bool:
    """True when a Rasa server runs at `rasa_url` and accepts `token`."""
    try:
        with urllib.request.urlopen(f"{rasa_url}/status?token={urllib.parse.quote(token)}", timeout=3) as reply:
            return reply.status == 200
    except (OSError, http.client.HTTPException):  # URLError, HTTPError, refused, timed out, not HTTP at all
        return False
