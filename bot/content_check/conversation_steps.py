"""Stories and rules from every content file, as (kind, name, path, line, steps)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content_check.content_files import ContentFiles


@dataclass(frozen=True)
class Flow:
    kind: str  # story | rule
    name: str
    path: Path
    line: int | None
    steps: list[dict[str, Any]]
    conditions: list[dict[str, Any]]


SECTIONS = {"story": "stories", "rule": "rules"}


def flows(files: ContentFiles) -> Iterator[Flow]:
    for path, document in files.documents.items():
        if not isinstance(document, dict):
            continue
        for kind, section in SECTIONS.items():
            for block in document.get(section) or []:
                if not isinstance(block, dict):
                    continue
                yield Flow(kind, str(block.get(kind, "(unnamed)")), path, block.get("__line__"),
                           [step for step in block.get("steps") or [] if isinstance(step, dict)],
                           [c for c in block.get("condition") or [] if isinstance(c, dict)])


def slot_values(step: dict[str, Any]) -> dict[str, Any]:
    """The slots a `slot_was_set` step (or condition) sets, as a dict."""
    values: dict[str, Any] = {}
    for entry in step.get("slot_was_set") or []:
        if isinstance(entry, dict):
            values.update({k: v for k, v in entry.items() if k != "__line__"})
        elif isinstance(entry, str):
            values[entry] = "set"
    return values
