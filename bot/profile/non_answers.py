"""Tells an answer from a non-answer: a question, a greeting, "not sure", or a request for suggestions."""

from __future__ import annotations

import re

from bot.discovery.answers import is_skip

NON_ANSWER_KINDS = ("off_topic", "why_ask", "what_is_this", "recommend", "unsure", "greeting", "thanks", "question",
                    "gibberish", "already_said")

_WHY_ASK = re.compile(
    r"\b(?:why (?:do you |would you )?(?:ask|need|want)\w*|why (?:are you )?asking|why (?:all )?(?:the|these|so many) "
    r"questions|what(?:'s| is) (?:that|this) (?:for|got to do)|why does (?:that|it) matter|what do you mean)\b",
    re.IGNORECASE,
)
# Only that they said it before, nothing of what they said: "i told you already". ("Like i said, fewer no-shows"
# carries the answer.)
_ALREADY_SAID = re.compile(
    r"^\W*(?:(?:i|we) (?:already |just )?(?:told|said|answered|mentioned)(?: (?:you|that|it|this))?"
    r"|(?:like|as) i (?:already |just )?(?:said|told you|mentioned)"
    r"|you (?:already |just )?asked(?: me)?(?: that| this)?)"
    r"(?: (?:already|before|earlier|above|twice|once))*\W*$",
    re.IGNORECASE,
)
_KEYBOARD_JUNK = frozenset("asdf qwerty qwe zxcv hjkl blah test testing foo bar lorem ipsum xyz abc".split())

_WHAT_IS_THIS = re.compile(
    r"\b(?:what(?:'s| is| does)? (?:this|it|you(?:r product)?|northwind(?: flow)?|the product)"
    r"(?: do| does| about)?|what do you (?:do|sell|offer)|who are you|what can you do|what are you)\b",
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
_THANKS = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|great|cool|perfect|awesome|nice|alright|got it)[,!. ]+)*(?:thanks?(?: you)?|thx|ty|cheers|"
    r"much appreciated|appreciate(?: it| that)?)(?: (?:so|very) much| a lot| again)?"
    # "thanks, this is helpful": praise after the thanks is still thanks
    r"(?:[,!. ]+(?:(?:this|that|it)(?:'s| is| was)? )?(?:very |really |super |so )?(?:helpful|useful|great|perfect|"
    r"nice|clear|interesting))?\W*$",
    re.IGNORECASE,
)
# A question word, or a verb that opens a question only before its subject: "would you ...?", "is it ...?",
# but "would love to grow our pipeline" and "could use some help" are answers.
_QUESTION_OPENING = re.compile(
    r"^\W*(?:(?:what|how|why|who|where|when|which)\b|"  # "whenever", "however": no question
    r"(?:can|could|do|does|is|are|will|would|should|may)\s+(?:i|you|u|ya|y'?all|we|it|this|that|there|they|he|she|"
    r"your|ur|my|our|the|a|an|anyone|someone|somebody|northwind)\b)",
    re.IGNORECASE,
)
# A question put as a statement about us, marked only by its "?": "u guys do crm stuff?", "you integrate with xero?"
# ("more leads?" is a tentative answer: its subject is not us).
_ASKED_OF_US = re.compile(
    r"^\W*(?:u|you|ya|y'?all|you guys|u guys|you all|your (?:company|team|product|tool|app|platform|software)|"
    r"this (?:thing|tool|bot|app|product|platform|software))\b[^?]*\?\W*$",
    re.IGNORECASE,
)


# Machine syntax, not words: "EXTERNAL_nobody_available", 'book_meeting{"meeting_start": ...}' (intent syntax a
# visitor typed, which the assistant reads as text, see bot/rasa_ext/offered_payloads.py).
_CODE_LIKE = re.compile(r"^\W*[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\W*$|^[^\s{]*\{.*\}\W*$", re.DOTALL)


def _looks_like_gibberish(text: str) -> bool:
    """Keyboard mashing ("asdkj qwe", "zzzz"): no word with a vowel, or only filler like "blah", "test"."""
    if re.search(r"\d", text):
        return False
    words = re.findall(r"[a-z]+", text.lower())
    if not words or all(len(word) <= 3 and word not in _KEYBOARD_JUNK for word in words):
        return False  # "vp", "hr", "cto": short, but answers

    def wordlike(word: str) -> bool:
        return (word not in _KEYBOARD_JUNK and bool(re.search(r"[aeiouy]", word))
                and not re.search(r"[^aeiouy]{4,}|(.)\1\1", word))
    return not any(wordlike(word) for word in words)


# "25", "about 120", "~50k", "60ish": a count with nothing to say what it counts (an answer to another question)
# Possessive quantifiers: `\W`, `\s` and the digits' punctuation can all match the same characters, and a long
# run of spaces before a letter took the engine 50 s to give up on.
_ONLY_A_NUMBER = re.compile(
    r"^\W*+(?:(?:about|around|roughly|approx\.?|approximately|maybe|probably|like|nearly|almost|over|under|just|"
    r"only|some)\s++)*+[\d.,]*+\s*+(?:k|-?ish)?\W*+$", re.IGNORECASE)


def only_a_number(text: str) -> bool:
    """True for a bare count or symbols ("25", "about 120", "?!"): nothing a goal or a challenge is made of."""
    return bool(_ONLY_A_NUMBER.match(text))


def asks_what_we_do(text: str) -> bool:
    """True when the message asks what this product or company is or does ("just curious what you guys do")."""
    return bool(_WHAT_IS_THIS.search(text) or _WHAT_YOU_DO.search(text))


_WHAT_YOU_DO = re.compile(r"\bwhat (?:you|y'?all|you guys|your company|this company) (?:do|does|sell|offer|are)\b",
                          re.IGNORECASE)


def is_question(text: str) -> bool:
    """True when the message asks something: it ends with "?" or opens with a question word."""
    return text.rstrip().endswith("?") or bool(_QUESTION_OPENING.search(text))


_ASKS_TO_BE_TOLD = re.compile(
    r"\b(?:tell me|i'?d like to know|i want to know|wondering|curious (?:about|whether|if)|info(?:rmation)? on|"
    r"details on|explain|let me know)\b", re.IGNORECASE)


def asks_to_know(text: str) -> bool:
    """A question, or a request to be told ("tell me about SSO"). "Contracts sit in inboxes" is neither."""
    return is_question(text) or bool(_ASKS_TO_BE_TOLD.search(text))


# "i was told to check this out by my boss": why they are here, not yet what they want
# ("my boss asked me to look at this", "my manager sent me here"; "she wants us to automate onboarding" is a goal)
_TO_LOOK = (r"to (?:check (?:this|you|it)(?: guys)?(?: out)?|look (?:at|into) (?:this|you|it)(?: guys)?|"
            r"have a look|come here)")
_SENT_TO_LOOK = re.compile(
    r"^\W*(?:(?:hi|hey|hello|so|ok|okay)\W+)?(?:"
    rf"(?:i|we)(?: was| were|'ve been| have been) (?:told|asked|sent) (?:{_TO_LOOK}|here)|"
    rf"(?:my|our) [a-z]+(?: [a-z]+)? (?:asked|told|wants?) (?:me|us) {_TO_LOOK}|"
    r"(?:my|our) [a-z]+(?: [a-z]+)? sent (?:me|us)(?: here| over| your way)?"
    r")\b[^.!?]{0,40}[.!?]*\s*$",
    re.IGNORECASE)


def sent_to_look(text: str) -> bool:
    """Whether the message only says someone sent them here ("i was told to check this out by my boss")."""
    return bool(_SENT_TO_LOOK.match((text or "").strip()))


def non_answer_kind(text: str, heard_a_fact: bool = False) -> str | None:
    """Why `text` is not an answer to a discovery question (one of NON_ANSWER_KINDS), or None if it is one.

    A message in which a profile fact was heard is an answer even when it is phrased as a question.
    """
    said = (text or "").strip()
    if not said or is_skip(said):
        return None
    if _GREETING.match(said):
        return "greeting"
    if _THANKS.match(said):
        return "thanks"
    if heard_a_fact:
        return None
    if _WHY_ASK.search(said):
        return "why_ask"
    if sent_to_look(said):
        return "context"
    if _ALREADY_SAID.match(said):
        return "already_said"
    if _WHAT_IS_THIS.search(said):
        return "what_is_this"
    if _RECOMMEND.search(said):
        return "recommend"
    if _UNSURE.match(said):
        return "unsure"
    if _QUESTION_OPENING.search(said) or _ASKED_OF_US.match(said):
        return "question"
    if _looks_like_gibberish(said) or _CODE_LIKE.match(said):
        return "gibberish"
    return None


# "Mostly password resets and where's my order stuff": what the trouble is made of, not what they want instead.
_DETAIL_OPENING = re.compile(
    # "like 300 a day, mostly password resets": how much of it, then what it is made of
    r"^\W*(?:(?:like|about|around|roughly|maybe|probably|over|nearly|easily)\s+)?(?:\d[\d,.]*k?\+?|a few|a couple|"
    r"dozens|hundreds)\s+(?:of them\s+)?(?:a|an|per|each|every)\s+(?:day|week|month|shift)\s*[,;:-]?\s*(?=\w)|"
    r"^\W*(?:mostly|mainly|largely|usually|typically|primarily|lots of|a lot of|loads of|tons of|things like|"
    r"stuff like|stuff such as|the usual|most (?:of (?:them|it|those|these|our|my|the)|are|is)|the majority|"
    r"especially|particularly|for example|e\.?g\.?)\b",
    re.IGNORECASE)


def describes_the_trouble(text: str) -> bool:
    """Whether an answer opens by saying what the trouble consists of (more detail, not a goal)."""
    return bool(_DETAIL_OPENING.match(text or ""))
