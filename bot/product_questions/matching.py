"""Finds the marketers' answer that means the same as a visitor's question, or says honestly there is none.

Each answer is described by its phrasings and its own text (the text adds words visitors use, like "Okta"
in the single sign-on answer). Thresholds were chosen on the labelled question set (docs/BENCHMARKS.md,
"Product questions"): at ANSWER_AT no question that must not be answered was answered; between SUGGEST_AT
and ANSWER_AT the closest question is offered for the visitor to confirm, never answered on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.meaning.closeness import Description, Query
from bot.product_questions.answer_book import Answer

ANSWER_AT = 0.70
SUGGEST_AT = 0.45
# "how are you different from Zapier?" shares its words with "do you work with Zapier?" but asks something
# else: a comparison is answered only by an answer written for comparisons.
_COMPARISON = re.compile(
    r"\b(?:differ\w*|compare\w*|comparison|vs\.?|versus|better than|worse than|cheaper than|instead of|"
    r"rather than|alternative to|why not (?:just )?use|over using)\b", re.IGNORECASE)


# "hi there, quick q before anything - is this GDPR compliant?": words before a question that only lead into it
# dilute its meaning. Only such words: "we live in HubSpot, will this plug into it?" needs its first half.
# Possessive quantifiers: visitor text is untrusted, and a run of lead-in words with no question after it must
# not make the engine try every way of splitting it (measured: 22 x "hi " took 9 s before).
_LEAD_IN = re.compile(
    r"^\W*+(?:(?:hi|hello|hey|hiya|there|ok(?:ay)?|so|sorry|oh|um+|btw|by the way|also|actually|real quick|"
    r"quick(?: (?:q|qq|question|one))?|(?:a|one) (?:more )?(?:thing|question)|question|"
    r"before (?:anything(?: else)?|we start|i answer|we go on|that)|first(?:ly| of all)?|"
    r"just (?:wondering|curious|checking)|i was wondering|i wonder|curious)\b[\s,:;.!?\-\u2013\u2014]*+)++"
    r"(?=\w[^.!?]*\?\s*$)", re.IGNORECASE)


# "do you integrate with mindbody?": a tool named after "integrate with" that no answer mentions is a question we
# cannot answer; offering another tool's answer to confirm would be a guess.
_NAMED_TOOL = re.compile(
    r"\b(?:integrat\w*|works?|connect\w*|sync\w*|plugs?(?: in)?|talks?)\s+(?:with|to|into)\s+([a-z0-9][\w.+-]*)",
    re.IGNORECASE)
_NOT_A_NAME = frozenset((
    "a", "an", "the", "our", "my", "your", "their", "other", "others", "it", "us", "you", "them", "that", "this",
    "these", "those", "any", "all", "most", "existing", "current", "popular", "common", "tools", "tool", "apps",
    "app", "software", "systems", "system", "crm", "crms", "helpdesk", "helpdesks", "email", "calendar",
    "calendars", "chat", "phone", "sso", "api", "apis", "website", "site", "stack", "database", "databases",
    "erp", "accounting", "payments", "spreadsheets", "sheets", "whatever", "what", "which", "stuff", "things",
    "everything", "anything", "something", "each", "every", "both", "many", "some", "third-party", "3rd",
))


def named_tool(text: str) -> str | None:
    """The tool a question asks us to work with, by name ("mindbody"), or None for a kind of tool or none."""
    match = _NAMED_TOOL.search(text)
    name = match.group(1).lower().rstrip(".") if match else None
    return name if name and name not in _NOT_A_NAME else None


def the_question_itself(text: str) -> str:
    """The question at the end of a message, without a lead-in before it (the whole text when there is none)."""
    return _LEAD_IN.sub("", text, count=1)


def is_comparison(text: str) -> bool:
    """True when a question weighs us against something else ("how are you different from Zapier?")."""
    return bool(_COMPARISON.search(text))


class Verdict(str, Enum):
    """What to do with a question: answer it, offer the closest question to confirm, or say we don't know."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Match:
    """The closest answer to a question, how close it is, and what that closeness allows."""

    answer: Answer | None
    closeness: float
    verdict: Verdict


class AnswerMatcher:
    """Every answer embedded once; `match` compares one question with all of them."""

    def __init__(self, answers: Sequence[Answer]) -> None:
        self.answers = tuple(answers)
        self._descriptions = [Description((*answer.questions, answer.text)) for answer in self.answers]
        self._compares = [any(is_comparison(question) for question in answer.questions) for answer in self.answers]

    def ranked(self, text: str) -> list[tuple[Answer, float]]:
        """Every answer with its closeness to `text`, closest first (for a comparison, only comparisons)."""
        text = the_question_itself(text)
        query = Query.of(text)
        comparison = is_comparison(text)
        scores = [description.closeness(query) for description in self._descriptions]
        pairs = [(answer, score) for answer, score, compares in zip(self.answers, scores, self._compares, strict=True)
                 if compares or not comparison]
        return sorted(pairs, key=lambda pair: -pair[1])

    @staticmethod
    def _silent_on(answer: Answer, tool: str | None) -> bool:
        """True when the question names a tool and the answer, in its phrasings and text, never does."""
        if tool is None:
            return False
        said = " ".join((*answer.questions, answer.text)).lower()
        return re.search(rf"\b{re.escape(tool)}\b", said) is None

    def match(self, text: str) -> Match:
        """The closest answer and the verdict its closeness allows."""
        ranked = self.ranked(text)
        if not ranked:
            return Match(None, 0.0, Verdict.UNKNOWN)
        answer, closeness = ranked[0]
        if closeness >= ANSWER_AT:
            return Match(answer, closeness, Verdict.ANSWER)
        if closeness >= SUGGEST_AT and not self._silent_on(answer, named_tool(text)):
            return Match(answer, closeness, Verdict.SUGGEST)
        return Match(answer, closeness, Verdict.UNKNOWN)
