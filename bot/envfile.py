"""Creates `.env` from `.env.example` with fresh random secrets on first run, and adds new secrets later."""

from __future__ import annotations

import secrets
from pathlib import Path

GENERATED_SECRETS = (
    "RASA_TOKEN", "SESSION_SECRET", "CHAT_ID_SECRET", "LOCAL_POSTGRES_PASSWORD", "LOCAL_REDIS_PASSWORD",
)


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


def add_missing_secrets(env_path: Path) -> list[str]:
    """Append a random value for each generated secret an existing `.env` lacks; never touch the others."""
    text = env_path.read_text()
    present = {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line
               and not line.lstrip().startswith("#")}
    missing = [key for key in GENERATED_SECRETS if key not in present]
    if missing:
        lines = "".join(f"{key}={secrets.token_urlsafe(32)}\n" for key in missing)
        env_path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + lines)
    return missing
