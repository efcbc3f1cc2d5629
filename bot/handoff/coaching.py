"""Listen before you pitch, for the live desk: spots a rep's message that sends a link or a price before the
rep asked the visitor anything (unless the visitor asked for it), and a question about something the visitor
had already told us. For the team lead's report only: never shown to the visitor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

PITCHED_BEFORE_ASKING = "pitched_before_asking"
ASKED_WHAT_WE_KNEW = "asked_what_we_knew"

_LINK = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|io|net|org|co)/", re.IGNORECASE)
_PRICE = re.compile(
    r"[$€£]\s?\d|\d\s?(?:usd|eur|gbp|dollars|euros|pounds)\b|\bper (?:month|seat|user|year)\b|/\s?(?:mo|month|seat|"
    r"user|yr)\b|\b(?:pricing|price|discount|quote)\b",
    re.IGNORECASE)
# The visitor asked for a price or for something to read: answering it is listening, not pitching.
_VISITOR_ASKED_FOR_PRICE = re.compile(r"\b(?:price|pricing|cost|costs|how much|budget|plans?|quote|expensive)\b",
                                      re.IGNORECASE)
_VISITOR_ASKED_FOR_LINK = re.compile(
    r"\b(?:link|send|share|guide|docs?|documentation|case stud(?:y|ies)|article|webinar|website|page|read|"
    r"resources?|where can i|show me)\b",
    re.IGNORECASE)
# How a rep asks for each fact of the visitor profile (bot/profile/facts.py names).
FACT_QUESTIONS: Mapping[str, re.Pattern[str]] = {
    "goal": re.compile(r"\b(?:what are you (?:trying|hoping|looking) to|what(?:'s| is) (?:your|the) goal|"
                       r"what brings you|what would you like to achieve)\b", re.IGNORECASE),
    "challenge": re.compile(r"\b(?:what(?:'s| is) (?:getting )?in (?:the|your) way|what(?:'s| is) stopping you|"
                            r"(?:biggest|main) (?:challenge|problem|pain))\b", re.IGNORECASE),
    "role": re.compile(r"\b(?:what(?:'s| is) your (?:role|title|position|job)|what do you do (?:there|at))\b",
                       re.IGNORECASE),
    "company_size": re.compile(r"\b(?:how (?:big|large) is (?:your|the) (?:team|company|organi[sz]ation)|"
                               r"how many (?:people|employees|staff)|(?:team|company) size)\b", re.IGNORECASE),
    "timeline": re.compile(r"\b(?:timeline|time ?frame|by when|when (?:are|do|would) you (?:\w+ )?(?:looking|hoping|"
                           r"planning|want|need))\b", re.IGNORECASE),
    "industry": re.compile(r"\b(?:what|which) (?:industry|sector)\b", re.IGNORECASE),
    "tools": re.compile(r"\b(?:what|which) (?:tools|software|crm|systems?) (?:do|are) you\b", re.IGNORECASE),
    "email": re.compile(r"\b(?:your|an) email(?: address)?\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class ChatLine:
    """One line of a conversation: who said it ("visitor", "rep" or "assistant"), what, when, which rep."""

    speaker: str
    text: str
    at: datetime
    rep: str = ""


@dataclass(frozen=True)
class CoachingMoment:
    kind: str  # PITCHED_BEFORE_ASKING or ASKED_WHAT_WE_KNEW
    rep: str
    text: str
    at: datetime
    fact: str = ""  # for ASKED_WHAT_WE_KNEW: which fact the visitor had already given


def _asks(text: str) -> bool:
    return "?" in text


def coaching_moments(lines: Sequence[ChatLine], known_since: Mapping[str, datetime]) -> list[CoachingMoment]:
    """The moments worth coaching in one conversation; `known_since` says when the visitor told us each fact."""
    moments: list[CoachingMoment] = []
    rep_asked = False
    visitor_said = ""
    for line in lines:
        if line.speaker == "visitor":
            visitor_said += " " + line.text
            continue
        if line.speaker != "rep":
            continue
        pitched = ((_LINK.search(line.text) and not _VISITOR_ASKED_FOR_LINK.search(visitor_said))
                   or (_PRICE.search(line.text) and not _VISITOR_ASKED_FOR_PRICE.search(visitor_said)))
        if pitched and not rep_asked:
            moments.append(CoachingMoment(PITCHED_BEFORE_ASKING, line.rep, line.text, line.at))
        if _asks(line.text):
            rep_asked = True
            for fact, pattern in FACT_QUESTIONS.items():
                told = known_since.get(fact)
                if told is not None and told <= line.at and pattern.search(line.text):
                    moments.append(CoachingMoment(ASKED_WHAT_WE_KNEW, line.rep, line.text, line.at, fact))
                    break
    return moments
