"""Product questions on a labelled set: answered right, offered to confirm, honestly unknown, and answered
when they must not be."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bot.bench.report_file import replace_section
from bot.bench.stats import percentile
from bot.product_questions.answer_book import load_answers
from bot.product_questions.matching import ANSWER_AT, SUGGEST_AT, AnswerMatcher, Verdict

QUESTION_SET = Path(__file__).with_name("product_question_set.yml")
NO_ANSWER = "none"
DONT_KNOW = "honest don't know"


@dataclass(frozen=True)
class LabelledQuestion:
    """A visitor's question and the answer id a person would give (`none`: must not be answered)."""

    text: str
    answer: str


def load_question_set(path: Path = QUESTION_SET) -> list[LabelledQuestion]:
    """The labelled questions from `product_question_set.yml`."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [LabelledQuestion(str(item["text"]), str(item["answer"])) for item in raw]


def tally(questions: list[LabelledQuestion], matcher: AnswerMatcher) -> tuple[Counter[str], list[str], list[float]]:
    """Counts of each outcome, the wrong answers given, and the time per question (ms)."""
    outcomes: Counter[str] = Counter()
    wrong, timings = [], []
    for question in questions:
        started = time.perf_counter()
        match = matcher.match(question.text)
        timings.append((time.perf_counter() - started) * 1000)
        got = match.answer.id if match.answer else NO_ANSWER
        answerable = question.answer != NO_ANSWER
        if match.verdict is Verdict.ANSWER:
            right = got == question.answer
            outcomes["answered right" if right else ("false answer" if not answerable else "wrong answer")] += 1
            if not right:
                wrong.append(f"\"{question.text}\" got {got}, should be {question.answer}")
        elif not answerable:
            outcomes["rightly not answered"] += 1
        elif match.verdict is Verdict.SUGGEST:
            outcomes["offered to confirm, right" if got == question.answer else "offered to confirm, wrong"] += 1
        else:
            outcomes[DONT_KNOW] += 1
        outcomes["closest is right" if got == question.answer and answerable else "closest is not"] += 1
    return outcomes, wrong, timings


def run_answers_benchmark() -> str:
    """Measure the matcher on the labelled set; rewrite the report's product-questions section."""
    questions, answers = load_question_set(), load_answers()
    matcher = AnswerMatcher(answers)
    outcomes, wrong, timings = tally(questions, matcher)
    answerable = sum(q.answer != NO_ANSWER for q in questions)
    must_not = len(questions) - answerable
    answered = outcomes["answered right"] + outcomes["wrong answer"] + outcomes["false answer"]
    lines = [
        "## Product questions (`make bench-answers`)",
        "",
        f"Measured {date.today().isoformat()}: {len(questions)} labelled questions in "
        f"`bot/bench/product_question_set.yml` ({answerable} a person would answer from the {len(answers)} answers in "
        f"`data/answers/`, {must_not} that must not be answered from them), matched by meaning (answer at "
        f"closeness {ANSWER_AT}, offer the closest question to confirm from {SUGGEST_AT}).",
        "",
        "| outcome | questions |",
        "|---|---:|",
        f"| answerable, answered right | {outcomes['answered right']} of {answerable} |",
        f"| answerable, closest question offered to confirm (right one) | {outcomes['offered to confirm, right']} |",
        f"| answerable, closest question offered to confirm (wrong one) | {outcomes['offered to confirm, wrong']} |",
        f"| answerable, honest \"I don't know\" + a person | {outcomes[DONT_KNOW]} |",
        f"| answerable, answered wrongly | {outcomes['wrong answer']} |",
        f"| must not be answered, and was not | {outcomes['rightly not answered']} of {must_not} |",
        f"| must not be answered, but was (false answer) | {outcomes['false answer']} |",
        "",
        f"Answer accuracy (right answers of all answers given): "
        f"{outcomes['answered right'] / answered if answered else 0:.3f}; false-answer rate (questions that must not "
        f"be answered, answered): {outcomes['false answer'] / must_not if must_not else 0:.3f}. The closest answer "
        f"is the right one for {outcomes['closest is right']} of {answerable} answerable questions. Matching one "
        f"question: p95 {percentile(timings, 0.95):.2f} ms. The two thresholds were chosen on this same set "
        "(the highest must-not question scored 0.67), so treat these figures as a ceiling.",
        *(["", "Wrong answers:", "", *(f"- {line}" for line in wrong)] if wrong else []),
    ]
    body = "\n".join(lines)
    replace_section("product_questions", body)
    return body
