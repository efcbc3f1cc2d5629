"""Answers to product questions (data/answers/): the validation the action server applies, with lines."""

from __future__ import annotations

from pathlib import Path

from bot.content_check.content_files import ContentFiles, strip_lines
from bot.content_check.findings import Finding, error
from bot.product_questions.answer_book import Answer, check_unique, parse_answer_file

FIX = "see 'Answers to product questions' in docs/MARKETERS.md for the fields and how long an answer may be"


def _answer_lines(document: object) -> dict[str, int]:
    items = document.get("answers") if isinstance(document, dict) else None
    return {str(item.get("id")): int(item.get("__line__") or 0) for item in items or [] if isinstance(item, dict)}


def check_answers(files: ContentFiles, directory: Path) -> list[Finding]:
    problems: list[tuple[Path, str | None, str]] = []
    answers: list[Answer] = []
    lines: dict[tuple[Path, str], int] = {}
    for path, document in files.documents.items():
        if path.parent != directory or path.suffix != ".yml":
            continue
        answers += parse_answer_file(strip_lines(document), path, problems)
        lines.update({(path, answer_id): line for answer_id, line in _answer_lines(document).items()})
    check_unique(answers, problems)
    return [error(path, lines.get((path, answer_id or "")), message, FIX) for path, answer_id, message in problems]
