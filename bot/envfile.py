"""Creates `.env` from `.env.example` with fresh random secrets on first run, adds new secrets later, and rotates
signing secrets (the old key stays accepted for a grace period: bot/key_ring.py)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from bot.key_ring import PREVIOUS_SUFFIX, ROTATABLE, KeyRingError, PreviousKey, format_previous, parse_previous

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


def rotate_secret(env_path: Path, name: str, now: datetime, grace: timedelta) -> PreviousKey:
    """Give `name` a fresh random value in `.env` and keep the old one as `name_PREVIOUS` until now + `grace`
    (dropping previous keys whose grace is over); returns the key rotated out. Other lines stay as they are."""
    if name not in ROTATABLE:
        raise KeyRingError(f"{name} cannot be rotated this way; rotatable: {', '.join(ROTATABLE)}")
    lines = env_path.read_text().splitlines()
    values = {line.split("=", 1)[0].strip(): (index, line.split("=", 1)[1].strip()) for index, line in
              enumerate(lines) if "=" in line and not line.lstrip().startswith("#")}
    if name not in values or not values[name][1]:
        raise KeyRingError(f"{name} is not set in {env_path}: run `python -m bot env init` first")
    index, old = values[name]
    previous_name = name + PREVIOUS_SUFFIX
    kept = [key for key in parse_previous(name, values.get(previous_name, (0, ""))[1]) if key.until > now]
    retired = PreviousKey(old, now + grace)
    lines[index] = f"{name}={secrets.token_urlsafe(32)}"
    previous_line = f"{previous_name}={format_previous([retired, *kept])}"
    if previous_name in values:
        lines[values[previous_name][0]] = previous_line
    else:
        lines.insert(index + 1, previous_line)
    env_path.write_text("\n".join(lines) + "\n")
    env_path.chmod(0o600)
    return retired
