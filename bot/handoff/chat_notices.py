"""Notices the handoff sends into a chat (a rep joined), worded in domain.yml like every other response."""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.paths import PROJECT_ROOT


@lru_cache(maxsize=1)
def _responses() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def notice(response: str, **values: str) -> str:
    """The first variant of `response` with its {placeholders} filled in."""
    return _responses()[response][0]["text"].format(**values)
