"""Normalises visitors' free-text answers: company size bands, timelines, skips, emails."""

from __future__ import annotations

import re

SKIPPED = "skipped"

SIZE_BANDS = ("1-10", "11-50", "51-200", "201-1000", "1000+")
TIMELINES = ("this month", "this quarter", "this year", "later", "no timeline")

_SKIP_PATTERN = re.compile(
    r"^\s*(skip( it| this| that)?|pass|next|n/?a|none of your business|no comment|dunno|"
    r"(i'?d )?(rather|prefer) not( to)?( say| share| tell)?|not sure|don'?t know|i don'?t know|"
    r"no idea|can'?t say|rather not)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000, "dozen": 12,
    "seventy": 70, "eighty": 80, "ninety": 90, "few": 3, "several": 3, "couple": 2,
}
_SOLO = re.compile(r"\b(just me|only me|myself|solo|freelanc\w*|one[- ]person)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(\d[\d,.]*)\s*(k|thousand|hundred)?(?:ish)?\b", re.IGNORECASE)  # "200ish"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def is_skip(text: str) -> bool:
    """True when the visitor declines to answer ("skip", "rather not say", ...)."""
    return bool(_SKIP_PATTERN.match(text or ""))


def _headcount(text: str) -> int | None:
    match = _NUMBER.search(text)
    if match:
        number = float(match.group(1).replace(",", "")) if match.group(1).count(".") <= 1 else None
        if number is None:
            return None
        multiplier = {"k": 1000, "thousand": 1000, "hundred": 100}.get((match.group(2) or "").lower(), 1)
        return int(number * multiplier)
    words = [_WORD_NUMBERS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _WORD_NUMBERS]
    if not words:
        return None
    total = words[0]
    for word in words[1:]:
        total = total * word if word in (100, 1000) else total + word
    return total


def company_size_band(text: str) -> str | None:
    """Map an answer like "about 120 people" to a size band, or None if no size is given."""
    if _SOLO.search(text or ""):
        return "1-10"
    count = _headcount(text or "")
    if count is None or count <= 0:
        return None
    for band in SIZE_BANDS[:-1]:
        low, high = (int(part) for part in band.split("-"))
        if count <= high:
            return band
    return "1000+"


_TIMELINE_RULES = (
    ("no timeline", r"\b(no (rush|timeline|hurry|plan|(real |hard )?deadline)|just (looking|researching|exploring)|"
                    r"someday|not sure when|not urgent)\b"),
    # "whenever" on its own (but "whenever a lead comes in" says when the trouble happens, not a timeline)
    ("no timeline", r"^\W*(whenever|any ?time)(\W+(really|works|is fine|tbh|honestly|i guess|you like))?\W*$"),
    ("this month", r"\b(asap|urgent\w*|right away|immediately|now|today|tomorrow|this week|next week|"
                   r"this month|(in )?(a|one|two|2|1|few) weeks?|within (a|the) month|yesterday)\b"),
    ("this quarter", r"\b(this quarter|next month|(in )?(1|2|3|one|two|three|couple( of)?|few) months?|"
                     r"q[1-4]|end of (the )?quarter|soon|90 days|60 days|30 days)\b"),
    ("this year", r"\b(this year|next quarter|(in )?([4-9]|1[0-2]|four|five|six|nine|twelve) months|half a year|"
                  r"by (the )?end of (the )?year|h[12]|this summer|this fall|this autumn|this spring|"
                  r"this winter|later this year|"
                  # "by spring", "before summer", "end of summer": a season, within the year whenever it is said
                  r"(by|before|until|till|for|in|over|end of|next|come) (the )?(spring|summer|fall|autumn|winter))\b"),
    ("later", r"\b(next year|later|(in )?a year|(in )?\d+ years?|eventually|long[- ]term|2027|2028)\b"),
)


_RELATIVE = re.compile(r"\b(\d+|a couple(?: of)?|a few|a|an|one|two|three|four|five|six|eight|twelve|few|"
                       r"couple(?: of)?) "
                       r"(day|week|month|quarter|year)s?\b")
_UNIT_WEEKS = {"day": 1 / 7, "week": 1, "month": 4.3, "quarter": 13, "year": 52}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8,
                "twelve": 12, "few": 3, "couple": 2, "couple of": 2, "a couple": 2, "a couple of": 2, "a few": 3}


def _relative_bucket(lowered: str) -> str | None:
    """ "within the next 6 weeks" -> this quarter: an amount of time from now, by how far away it is."""
    match = _RELATIVE.search(lowered)
    if not match:
        return None
    amount = int(match.group(1)) if match.group(1).isdigit() else _COUNT_WORDS[match.group(1)]
    weeks = amount * _UNIT_WEEKS[match.group(2)]
    for bucket, limit in (("this month", 4.5), ("this quarter", 13.5), ("this year", 52.5)):
        if weeks <= limit:
            return bucket
    return "later"


def timeline_bucket(text: str) -> str | None:
    """Map an answer like "in a couple of months" to a timeline bucket, or None if unclear."""
    lowered = (text or "").lower()
    if re.search(r"\b(?:in|within|by|before|over|next|the next|coming)\b", lowered) or re.fullmatch(
            r"\s*" + _RELATIVE.pattern + r"\s*", lowered):
        relative = _relative_bucket(lowered)
        if relative:
            return relative
    for bucket, pattern in _TIMELINE_RULES:
        if re.search(pattern, lowered):
            return bucket
    return None


def clean_free_text(text: str, limit: int = 500) -> str:
    """Collapse whitespace, strip control characters, and clip visitor text for storage."""
    printable = "".join(ch for ch in (text or "") if ch.isprintable() or ch in " \t\n")
    return " ".join(printable.split())[:limit]


def normalise_email(text: str) -> str | None:
    """A lower-cased email address if `text` contains exactly one well-formed address."""
    candidates = [token.strip("<>(),;:.\"'") for token in (text or "").split() if "@" in token]
    if len(candidates) != 1 or not _EMAIL.match(candidates[0]) or len(candidates[0]) > 254:
        return None
    return candidates[0].lower()


_ROLE_LEVELS = (
    ("executive", r"\b(ceo|cto|cfo|coo|cmo|cro|cio|chief|founder|co-?founder|owner|owns|boss|president|vp|"
                  r"runs (a|an|my|the) (\w+ )?(agency|company|business|firm|startup|practice|clinic|shop|store)|"
                  r"vice president|partner|head|director|md|managing director|gm|general manager)\b"),
    ("manager", r"\b(manager|lead|leads|leader|supervisor|team ?lead|mgr|runs|manages|heads|oversees)\b"),
    ("individual", r"\b(specialist|analyst|engineer|developer|rep|representative|coordinator|associate|"
                   r"marketer|consultant|designer|admin|administrator|assistant|executive|intern|agent|sdr|bdr|"
                   r"ae|account executive|freelancer|student)\b"),
)
ROLE_LEVELS = tuple(level for level, _ in _ROLE_LEVELS)


def role_level(role: str) -> str | None:
    """The seniority a role implies: executive, manager or individual (None if unclear)."""
    lowered = (role or "").lower()
    for level, pattern in _ROLE_LEVELS:
        if re.search(pattern, lowered):
            return level
    return None
