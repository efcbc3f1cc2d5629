"""For each message the assistant was unsure about, where it most likely belongs: the intent whose examples
are closest in meaning, and the product answer it comes closest to (if any is close), with the file to edit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.meaning.closeness import Description, Query
from bot.paths import DATA_DIR, PROJECT_ROOT
from bot.product_questions.answer_book import load_answers
from bot.product_questions.matching import SUGGEST_AT, AnswerMatcher

NLU_DIR = DATA_DIR / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # "[ana@example.com](email)" -> "ana@example.com"


@dataclass(frozen=True)
class Suggestion:
    """Where to file one message: under an intent's examples, or as a phrasing of an answer."""

    intent: str
    intent_file: str
    answer_id: str | None = None
    answer_file: str | None = None


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def intent_examples(directory: Path = NLU_DIR) -> dict[str, tuple[Path, list[str]]]:
    """Each intent's file and example messages, read from data/nlu/*.yml."""
    found: dict[str, tuple[Path, list[str]]] = {}
    for path in sorted(directory.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if isinstance(block, dict) and block.get("intent") and isinstance(block.get("examples"), str):
                examples = [_ANNOTATION.sub(r"\1", line.strip()[2:].strip())
                            for line in block["examples"].splitlines() if line.strip().startswith("- ")]
                found[str(block["intent"])] = (path, examples)
    return found


class ReviewSuggester:
    """Every intent's examples and every answer, embedded once."""

    def __init__(self, intents: dict[str, tuple[Path, list[str]]], answers: AnswerMatcher) -> None:
        self._intents = [(name, path, Description(examples)) for name, (path, examples) in intents.items()]
        self._answers = answers

    def suggest(self, text: str) -> Suggestion:
        query = Query.of(text)
        name, path, _ = max(self._intents, key=lambda intent: intent[2].closeness(query))
        ranked = self._answers.ranked(text)
        if ranked and ranked[0][1] >= SUGGEST_AT:
            answer = ranked[0][0]
            return Suggestion(name, _relative(path), answer.id, _relative(answer.source))
        return Suggestion(name, _relative(path))

    def suggest_all(self, texts: Sequence[str]) -> list[Suggestion]:
        return [self.suggest(text) for text in texts]


@lru_cache(maxsize=1)
def review_suggester() -> ReviewSuggester:
    """The suggester for the project's content (built once per process)."""
    return ReviewSuggester(intent_examples(), AnswerMatcher(load_answers()))
