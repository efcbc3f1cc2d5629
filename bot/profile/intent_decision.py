"""Decides a message's intent with the whole message in view, not one word: a goal beats a weak
"goodbye", and a farewell, complaint or request for a person needs words that say so."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from bot.profile.hearing import Heard


# Intents a classifier may pick because of one word ("lead" -> request_human, "grow" -> goodbye): each
# must have a word that carries it, or the next likeliest intent is taken.
def _words(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: bool(pattern.search(text))


INTENT_CUES: dict[str, Callable[[str], bool]] = {
    "goodbye": _words(re.compile(
        r"\b(?:bye|goodbye|good ?night|night|see (?:you|ya)|cya|ttyl|later|gotta (?:go|run)|have to (?:go|run)|"
        r"talk (?:later|soon)|farewell|adios|signing off|leaving|i'?m (?:off|out|done|going)|that'?s (?:all|it|"
        r"everything)|have a (?:good|nice|great)|catch (?:you|ya)|until next time|all set|leave it there|cheers)\b",
        re.IGNORECASE)),
    # Deleting a visitor's data is irreversible: "CSMs forget to reach out" must never be taken for it.
    "forget_me": _words(re.compile(
        r"\b(?:forget (?:me|about me|everything|what i|my|us)|delete|erase|remove|wipe|gdpr|right to be forgotten|"
        r"my (?:data|details|info|information|conversation|messages)|personal (?:data|information))\b",
        re.IGNORECASE)),
    "opt_out": _words(re.compile(
        r"\b(?:unsubscribe|opt(?:[- ])?out|don'?t (?:\w+ )?(?:email|contact|call|message|spam|reach)|"
        r"do not (?:\w+ )?(?:email|contact|call|message|reach)|stop (?:emailing|contacting|calling|messaging)|"
        r"no (?:more )?(?:emails|calls|contact|marketing|spam)|never (?:email|contact|call))\b",
        re.IGNORECASE)),
    "give_contact": _words(re.compile(r"@")),
    "request_human": _words(re.compile(
        r"\b(?:person|people|human|someone|somebody|agent|rep|reps|representative|sales(?:person)?|team|call|"
        r"phone|operator|talk|speak|chat with|real|manager|live|contact|connect|transfer|put me through)\b",
        re.IGNORECASE)),
}
# A complaint is unhappiness with us: an upset word and a word that points at us ("your support never
# answered"). "Nobody notices unhappy customers" describes the visitor's own problem, not a complaint.
_UPSET = re.compile(
    r"\b(?:never|terrible|awful|worst|horrible|annoy\w*|frustrat\w*|angry|upset|disappoint\w*|ridiculous|"
    r"unacceptable|waste|useless|broken|broke|bad|not happy|unhappy|complain\w*|rude|still waiting|no one (?:answered|"
    r"replied|got back)|nobody (?:answered|replied|got back)|hate|sucks?|overcharged|charged|refund|bug\w*|"
    r"doesn'?t work|isn'?t working|not working|spam\w*|ignored|scam|crash\w*|lost my|poor|slow to respond|"
    r"keeps? failing|fails?|failed|wrong|mess(?:ed)? up)\b",
    re.IGNORECASE)
_ABOUT_US = re.compile(
    r"\b(?:you|your|you're|this (?:product|service|bot|tool|app|company|chat)|the (?:product|service|bot|app)|"
    r"northwind|my (?:ticket|account|invoice|order|subscription|email|card|data|request)|i was|support team|"
    r"customer service|sales rep)\b",
    re.IGNORECASE)


INTENT_CUES["complain"] = lambda text: bool(_UPSET.search(text) and _ABOUT_US.search(text))

# Intents that lose to a goal the visitor clearly stated, unless the classifier was very sure of them.
YIELDS_TO_GOAL = {"goodbye", "complain", "request_human", "greet", "thank", "out_of_scope", "nlu_fallback",
                  "inform", "just_browsing", "bot_challenge", "ask_recommendation"}
# Intents that lose to profile facts (role, size, timeline, ...) when the classifier was unsure.
YIELDS_TO_FACTS = {"goodbye", "complain", "greet", "thank", "out_of_scope", "nlu_fallback", "bot_challenge",
                   "just_browsing", "share_goal"}
VERY_SURE = 0.85
FALLBACK = "nlu_fallback"


def _cued(intent: str, text: str) -> bool:
    cue = INTENT_CUES.get(intent)
    return cue is None or cue(text)


def decide_intent(text: str, ranking: Sequence[tuple[str, float]], heard: Mapping[str, Heard]) -> str | None:
    """The intent to use instead of the classifier's top pick, or None to keep it.

    `ranking` is the classifier's (intent, confidence) list, best first; `heard` the facts in the message.
    """
    if not ranking:
        return None
    top, confidence = ranking[0]
    if top == FALLBACK and len(ranking) > 1:
        # The fallback classifier only says "unsure": judge the classifier's own best guesses.
        candidates = [(name, score) for name, score in ranking[1:] if name != FALLBACK]
    else:
        candidates = list(ranking)
    if "goal" in heard and top in YIELDS_TO_GOAL and (confidence < VERY_SURE or not _cued(top, text)):
        return "share_goal"
    facts = set(heard) - {"goal"}
    if facts and top == "share_goal":
        return "inform"  # no goal was heard, only other facts: what they told us is about them, not a goal
    if facts and top in YIELDS_TO_FACTS and (confidence < VERY_SURE or not _cued(top, text)):
        return "inform"
    if _cued(top, text):
        return None
    for name, _ in candidates:
        if name != top and _cued(name, text):
            return name
    return FALLBACK


# A complaint or a request is about us, not about the visitor's work: its words are not their goal or challenge.
NOT_ABOUT_THEIR_WORK = {"complain", "request_human", "opt_out", "forget_me", "goodbye", "bot_challenge"}


def facts_for_intent(heard: Mapping[str, Heard], intent: str) -> list[Heard]:
    """The heard facts worth keeping once the intent is settled."""
    if intent in NOT_ABOUT_THEIR_WORK:
        return [fact for name, fact in heard.items() if name not in ("goal", "challenge")]
    return list(heard.values())
