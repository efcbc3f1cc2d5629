"""Loads and validates data/answers/*.yml; a bad file fails loudly with every problem listed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.paths import DATA_DIR

ANSWERS_DIR = DATA_DIR / "answers"
MAX_SENTENCES = 2
MAX_ANSWER_CHARS = 400
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A sentence ends at . ! or ? followed by a space and a capital (so "e.g. the" or "99.9%" do not count).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")


class AnswerBookError(ValueError):
    """The answers files have problems; `problems` lists each one as (file, item id or None, message)."""

    def __init__(self, problems: list[tuple[Path, str | None, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path.name}: {message}" for path, _, message in problems))


@dataclass(frozen=True)
class Answer:
    """A short answer to one product question, with the ways visitors ask it."""

    id: str
    questions: tuple[str, ...]
    text: str
    link: str | None
    source: Path


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) + 1


def _parse_answer(raw: Any, path: Path, index: int, problems: list[tuple[Path, str | None, str]]) -> Answer | None:
    if not isinstance(raw, dict):
        problems.append((path, None, f"answer #{index + 1} must be a set of fields (id, questions, answer, link)"))
        return None
    answer_id = str(raw.get("id") or "").strip()
    where = f"answer {answer_id!r}" if answer_id else f"answer #{index + 1}"

    def problem(message: str) -> None:
        problems.append((path, answer_id or None, f"{where}: {message}"))

    if not _ID_PATTERN.match(answer_id):
        problem("needs an `id` of lowercase words joined by dashes, like data-location")
    unknown = set(raw) - {"id", "questions", "answer", "link"}
    if unknown:
        problem(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions or \
            not all(isinstance(q, str) and q.strip() for q in questions):
        problem("needs `questions`: a list of the ways visitors ask it")
        questions = []
    text = raw.get("answer")
    if not isinstance(text, str) or not text.strip():
        problem("needs an `answer`")
        text = ""
    elif _sentences(text) > MAX_SENTENCES or len(text) > MAX_ANSWER_CHARS:
        problem(f"the answer must be short: at most {MAX_SENTENCES} sentences and {MAX_ANSWER_CHARS} characters "
                "(put the rest behind the link)")
    link = raw.get("link")
    if link is not None:
        url = urlparse(str(link))
        if url.scheme not in ("http", "https") or not url.netloc or " " in str(link):
            problem(f"link {link!r} must be a full address starting with https://")
    return Answer(answer_id, tuple(q.strip() for q in questions), text.strip(),
                  str(link).strip() if link else None, path)


def parse_answer_file(data: Any, path: Path, problems: list[tuple[Path, str | None, str]]) -> list[Answer]:
    """The answers in one already-parsed file; problems are appended, not raised."""
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        problems.append((path, None, "the file needs an `answers:` list"))
        return []
    return [answer for index, raw in enumerate(data["answers"])
            if (answer := _parse_answer(raw, path, index, problems))]


def check_unique(answers: list[Answer], problems: list[tuple[Path, str | None, str]]) -> None:
    """Each id once, and each phrasing of a question under one answer only."""
    seen_ids: dict[str, Path] = {}
    seen_questions: dict[str, str] = {}
    for answer in answers:
        if answer.id in seen_ids:
            problems.append((answer.source, answer.id, f"answer id {answer.id!r} is used more than once "
                                                       f"(also in {seen_ids[answer.id].name})"))
        seen_ids.setdefault(answer.id, answer.source)
        for question in answer.questions:
            key = " ".join(question.lower().strip(" ?!.").split())
            if key in seen_questions and seen_questions[key] != answer.id:
                problems.append((answer.source, answer.id, f"the question {question!r} is listed under both "
                                                           f"{seen_questions[key]!r} and {answer.id!r}"))
            seen_questions.setdefault(key, answer.id)


def load_answers(directory: Path = ANSWERS_DIR) -> tuple[Answer, ...]:
    """Every answer in `directory`/*.yml (none if the folder is absent); raise `AnswerBookError` on problems."""
    problems: list[tuple[Path, str | None, str]] = []
    answers: list[Answer] = []
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append((path, None, f"not valid YAML: {error}"))
            continue
        answers += parse_answer_file(data, path, problems)
    check_unique(answers, problems)
    if problems:
        raise AnswerBookError(problems)
    return tuple(answers)
