"""Reflects a visitor's words back in the assistant's voice ("we want to X" -> "you want to X")."""

from __future__ import annotations

import re

_GOAL_LEADS = re.compile(
    r"^(hi|hey|hello|well|so|ok|okay|um+|uh+)?[,.!\s]*"
    r"((i|we)('?m| am|'?re| are)? *(really )?(trying|looking|hoping|aiming|planning|wanting|wanna|want|need|"
    r"would like|'d like|have) *(to)?|"
    r"(our|my) (goal|aim|plan|priority) is( to)?|"
    r"looking to|trying to|want to|need to|hoping to|"
    r"i'?m here to|we'?re here to|help (me|us)( to)?)\s*",
    re.IGNORECASE,
)
_CHALLENGE_LEADS = re.compile(
    r"^(well|so|honestly|basically|um+|uh+)?[,.!\s]*"
    r"(the (main |biggest |real )?(problem|issue|challenge|blocker|thing) is( that)?|"
    r"(our|my) (main |biggest )?(problem|issue|challenge|blocker) is( that)?|"
    r"it'?s that|mostly|probably)?\s*",
    re.IGNORECASE,
)
_PRONOUNS = {
    "i": "you", "i'm": "you're", "im": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll",
    "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "we": "you", "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll",
    "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
    "am": "are", "was": "were",
}
MAX_REFLECTION_WORDS = 18
# A goal starting with one of these reads naturally after "you want to"; otherwise "you're after".
_GOAL_VERBS = frozenset("""
get grow reduce automate increase improve find build cut save scale hire launch replace migrate learn
understand see compare make streamline speed track manage book generate convert close boost lower drive
create set start switch move organize organise consolidate integrate fix stop avoid keep handle modernize
modernise digitize digitise centralize centralise simplify measure evaluate explore qualify nurture capture
engage retain onboard support sell win hit reach double triple expand upgrade implement roll bring give
help run plan prepare test try use buy choose pick figure shorten shrink free spend attract personalize
personalise send answer respond enter break go raise do
""".split())


def _swap_pronouns(text: str) -> str:
    words = text.split()
    return " ".join(_PRONOUNS.get(word.lower(), word) for word in words)


def _tidy(text: str) -> str:
    text = text.strip().rstrip(".!?,;")
    words = text.split()
    if len(words) > MAX_REFLECTION_WORDS:
        text = " ".join(words[:MAX_REFLECTION_WORDS]) + "…"
    return text


def reflect_goal(goal: str) -> str:
    """The goal in the assistant's words, e.g. "you want to automate your onboarding"."""
    core = _GOAL_LEADS.sub("", goal.strip(), count=1) or goal.strip()
    phrase = _tidy(_swap_pronouns(core[:1].lower() + core[1:]))
    first_word = phrase.split()[0].lower() if phrase else ""
    return f"you want to {phrase}" if first_word in _GOAL_VERBS else f"you're after {phrase}"


def reflect_challenge(challenge: str) -> str:
    """The challenge as a clause, e.g. "your onboarding is still manual"."""
    core = _CHALLENGE_LEADS.sub("", challenge.strip(), count=1) or challenge.strip()
    return _tidy(_swap_pronouns(core[:1].lower() + core[1:]))
