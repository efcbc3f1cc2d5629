"""Creates `.env` from `.env.example` with fresh random secrets on first run."""

from __future__ import annotations

import secrets
from pathlib import Path

GENERATED_SECRETS = ("RASA_TOKEN", "SESSION_SECRET")


def render_env(example_text: str) -> str:
    """Return the example file's text with every generated secret given a random value."""
    lines = []
    for line in example_text.splitlines():
        key = line.split("=", 1)[0].strip()
        if key in GENERATED_SECRETS and "=" in line and not line.lstrip().startswith("#"):
            line = f"{key}={secrets.token_urlsafe(32)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def ensure_env_file(env_path: Path, example_path: Path) -> bool:
    """Write `env_path` if it does not exist; return True when a new file was created."""
    if env_path.exists():
        return False
    env_path.write_text(render_env(example_path.read_text()))
    env_path.chmod(0o600)
    return True
