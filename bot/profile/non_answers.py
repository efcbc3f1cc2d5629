"""Tells an answer from a non-answer: a question, a greeting, "not sure", or a request for suggestions."""

from __future__ import annotations

import re

from bot.discovery.answers import is_skip

NON_ANSWER_KINDS = ("what_is_this", "recommend", "unsure", "greeting", "question")

_WHAT_IS_THIS = re.compile(
    r"\b(?:what(?:'s| is| does)? (?:this|that|it|you(?:r product)?|northwind(?: flow)?|the product)(?: do| does| about| for)?|"
    r"what do you (?:do|sell|offer)|who are you|what can you do|what are you|why do you (?:ask|need|want)|"
    r"why (?:are you )?asking)\b",
    re.IGNORECASE,
)
_RECOMMEND = re.compile(
    r"\b(?:recommend|suggest|advise|what should i (?:buy|get|read|use)|just tell me|you tell me|what fits|"
    r"what do you have|show me (?:something|what)|which (?:plan|one|product))\w*",
    re.IGNORECASE,
)
_UNSURE = re.compile(
    r"^\W*(?:(?:i'?m |im |i am )?not (?:really |totally |quite )?sure(?: yet)?|dunno|idk|no idea|don'?t know(?: yet)?|"
    r"i don'?t know(?: yet)?|hard to say|good question|hmm+|um+|uh+|not yet|nothing (?:really|much)?|"
    r"no clue|haven'?t (?:thought|decided)(?: about it)?(?: yet)?|depends|it depends|whatever|anything)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|yo|howdy|good (?:morning|afternoon|evening)|morning|hey there|hi there)"
    r"(?: there| team| all| folks| bot)?\W*$",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:what|how|why|who|where|when|which|can|could|do|does|is|are|will|would|should|may)\b",
    re.IGNORECASE,
)


def non_answer_kind(text: str, heard_a_fact: bool = False) -> str | None:
    """Why `text` is not an answer to a discovery question (one of NON_ANSWER_KINDS), or None if it is one.

    A message in which a profile fact was heard is an answer even when it is phrased as a question.
    """
    said = (text or "").strip()
    if not said or is_skip(said):
        return None
    if _GREETING.match(said):
        return "greeting"
    if heard_a_fact:
        return None
    if _WHAT_IS_THIS.search(said):
        return "what_is_this"
    if _RECOMMEND.search(said):
        return "recommend"
    if _UNSURE.match(said):
        return "unsure"
    if _QUESTION.search(said):
        return "question"
    return None
