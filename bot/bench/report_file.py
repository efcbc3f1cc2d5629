"""Writes one named section of docs/BENCHMARKS.md, leaving the other sections alone."""

from __future__ import annotations

from pathlib import Path

from bot.paths import PROJECT_ROOT

BENCHMARKS_FILE = PROJECT_ROOT / "docs" / "BENCHMARKS.md"
HEADER = "# Benchmarks\n\nMeasured, not guessed: each section is rewritten by the command named in it.\n"


def replace_section(name: str, body: str, path: Path = BENCHMARKS_FILE) -> None:
    """Replace (or append) the section between this name's start and end markers."""
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = path.read_text() if path.exists() else HEADER
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
