"""Training the project's model (Rasa's cache retrains only what changed) and putting one live."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from bot.paths import MODELS_DIR, PROJECT_ROOT
from bot.settings import child_environment


def train(out_dir: Path = MODELS_DIR, domain: Path | None = None, force: bool = False) -> Path:
    """`rasa train` of the project's config and data; returns the newest model in `out_dir`.

    Without `force`, Rasa reuses the last model if nothing changed and retrains only changed parts.
    """
    rasa = Path(sys.executable).with_name("rasa")
    command = [str(rasa), "train", "--out", str(out_dir)]
    if domain is not None:
        command += ["--domain", str(domain)]
    if force:
        command.append("--force")
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env=child_environment())
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return max(out_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)


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
    except OSError:  # URLError, HTTPError, refused, timed out
        return False
