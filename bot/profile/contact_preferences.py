"""How and when a visitor may be contacted, as they said it: a channel ("email only, no calls"), an earliest
date ("after Q3", "in two weeks") and a scope ("just send the guide"). Heard in any message, stored on the lead,
shown to reps in one line; what each preference forbids is in bot/profile/contact_rules.py."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

EMAIL_ONLY, PHONE_ONLY, CHAT_ONLY = "email", "phone", "chat"
CONTENT_ONLY = "content_only"
ANY_CHANNEL = "any"  # heard only: "calls are fine" lifts an earlier channel
MAX_SAID = 500


@dataclass(frozen=True)
class ContactPreferences:
    """The visitor's preferences; empty fields mean "not said"."""

    channel: str | None = None  # EMAIL_ONLY, PHONE_ONLY or CHAT_ONLY (ANY_CHANNEL only while heard)
    not_before: date | None = None
    scope: str | None = None  # CONTENT_ONLY: only what they asked for, no sales follow-up
    said: str = ""  # the visitor's words

    @property
    def empty(self) -> bool:
        return self.channel in (None, ANY_CHANNEL) and self.not_before is None and self.scope is None

    def as_json(self) -> dict[str, Any]:
        return {"channel": self.channel, "not_before": self.not_before.isoformat() if self.not_before else None,
                "scope": self.scope, "said": self.said}


NONE = ContactPreferences()


def merged(earlier: ContactPreferences, heard: ContactPreferences) -> ContactPreferences:
    """The earlier preferences with what was just heard on top (each field only if it was said)."""
    channel = earlier.channel if heard.channel is None else (None if heard.channel == ANY_CHANNEL else heard.channel)
    return ContactPreferences(channel, heard.not_before or earlier.not_before, heard.scope or earlier.scope,
                              heard.said or earlier.said)


# --- hearing -----------------------------------------------------------------------------------------
_FLAGS = re.IGNORECASE
# "no calls" as a request stands on its own ("no calls please", "email only, no calls"); "our SDRs make no calls"
# describes their day. "don't call" needs "me/us" or a "please": "we don't call leads back" is a challenge.
_ON_ITS_OWN = r"(?:^|[,.;:!?(-]\s*|\b(?:please|and|but|so|just|also|thanks)\s+)"
_NO_CALLS = re.compile(
    rf"{_ON_ITS_OWN}no (?:phone )?calls?\b|\b(?:do not|don'?t|dont|never) (?:call|phone|ring) (?:me|us)\b|"
    r"\bplease (?:do not|don'?t|dont|no) (?:call|phone|ring)\b|\bnot by (?:phone|call)\b|"
    rf"{_ON_ITS_OWN}(?:do not|don'?t|dont) (?:call|phone|ring)(?=\s*(?:$|[,.;!?]))|"
    r"\bwithout (?:a )?(?:phone )?calls?\b|"
    r"\b(?:do not|don'?t|dont) want (?:any )?(?:more )?(?:phone )?calls"
    r"(?=\s*(?:$|[,.;!?]|please\b|from (?:you|sales)))",
    _FLAGS)
_NO_EMAIL = re.compile(
    rf"{_ON_ITS_OWN}no e-?mails?\b|\b(?:do not|don'?t|dont|never) e-?mail (?:me|us)\b|"
    r"\bplease (?:do not|don'?t|dont|no) e-?mails?\b|\bnot by e-?mail\b|"
    rf"{_ON_ITS_OWN}(?:do not|don'?t|dont) e-?mail(?=\s*(?:$|[,.;!?]))|"
    r"\b(?:do not|don'?t|dont) want (?:any )?(?:more )?e-?mails(?=\s*(?:$|[,.;!?]|please\b|from (?:you|sales)))",
    _FLAGS)
_PREFERS_EMAIL = re.compile(
    r"\b(?:e-?mail only|only (?:by |via |over |through |on |an? )?e-?mail|(?:by|via) e-?mail only|"
    r"prefer (?:to be contacted (?:by|via) )?e-?mail|e-?mail (?:is|works) (?:best|better|fine|preferred)|"
    r"(?:rather|prefer) (?:you )?e-?mail(?: me)?|just e-?mail me|"
    r"(?:contact|reach) (?:me|us) (?:only )?(?:by|via|over|through) e-?mail|keep (?:this|it) to e-?mail)\b", _FLAGS)
_PREFERS_PHONE = re.compile(
    r"\b(?:phone only|only (?:by )?(?:phone|calls?)|prefer (?:a )?(?:call|phone)|rather (?:have a |get a )?call|"
    r"call me instead|just call me)\b", _FLAGS)
_PREFERS_CHAT = re.compile(
    r"\b(?:(?:only|just)(?: chat)? (?:here )?in (?:the|this) chat|keep it (?:here|in (?:the|this) chat)|chat only|"
    r"only (?:here|the chat)|just chat(?: here)?$)\b", _FLAGS)
_CALLS_FINE = re.compile(r"\b(?:calls? (?:is|are) (?:fine|ok|okay)|(?:you can|feel free to) call me|"
                         r"happy to (?:get|have|take|jump on|hop on) a call)\b", _FLAGS)
_CONTENT_ONLY = re.compile(
    r"\b(?:just|only) (?:send|e-?mail|share)(?: me| over| it)? (?:the |that |a |your )?"
    r"(?:guide|link|resources?|materials?|pdf|checklist|case stud(?:y|ies)|article|report|ebook|info|details|"
    r"webinar|recording|slides)"
    r"|\b(?:just|only) (?:want|need) (?:the |that |a |your )?(?:guide|link|resources?|materials?|pdf|checklist|"
    r"case stud(?:y|ies)|article|report|ebook|info)"
    r"|\bno sales (?:calls?|pitch(?:es)?|follow-?ups?|people|reps?|team|talk|stuff)"
    r"|\b(?:don'?t|do not|dont) want (?:to (?:talk|speak) (?:to|with) |a call from |to be chased by )"
    r"(?:sales|a salesperson|a sales ?rep|anyone from sales)"
    r"|\bno (?:follow-?ups?|chasing)\b", _FLAGS)

# A date is a contact preference only next to words about contacting ("reach out after Q3"); "we launch after
# Q3" is a timeline.
_CONTACT_WORDS = re.compile(
    r"\b(?:contact(?:ing|ed)?|reach(?:ing)? (?:out|me|us)|get(?:ting)? (?:back )?in touch|get back to (?:me|us)|"
    r"follow(?:ing)?[- ]?up|e-?mail (?:me|us)|call(?:ing)? (?:me|us)|hear from (?:you|us)|ping (?:me|us)|"
    r"check(?:ing)? (?:back|in)|circle back|come back to (?:me|us)|"
    r"(?:talk|speak)(?:ing)? (?:to|with) (?:me|us|you)|talk again|"
    r"no calls?|no e-?mails?|not (?:before|until)|"
    r"(?:a|the) call|don'?t (?:call|e-?mail|contact)|try (?:me|us) again)\b", _FLAGS)
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name[:3]: number for name, number in list(_MONTHS.items())}
_MONTH = r"(?:" + "|".join(sorted((m.lower() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a couple of": 2,
                 "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3}
_AMOUNT = r"(?P<n>\d{1,2}|a couple(?: of)?|couple of|a few|few|several|an?|one|two|three|four|five|six)"
_AFTER = r"(?P<after>after|past|once)"
_FROM = r"(?:not (?:before|until|till)|until|till|from|starting|in|no earlier than|at the (?:start|beginning) of)"
_DATE_PATTERNS = (
    ("quarter", re.compile(rf"\b(?:{_AFTER}|{_FROM}) (?:the )?(?:end of )?q(?P<q>[1-4])(?: (?P<year>20\d\d))?\b",
                           _FLAGS)),
    ("in", re.compile(rf"\b(?:in|after|wait) {_AMOUNT} (?P<unit>days?|weeks?|months?)\b", _FLAGS)),
    ("next", re.compile(r"\b(?:after |from |until )?next (?P<unit>week|month|quarter|year)\b", _FLAGS)),
    ("day_month", re.compile(rf"\b(?:{_AFTER}|{_FROM}) (?:the )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? "
                             rf"(?P<month>{_MONTH})(?: (?P<year>20\d\d))?\b", _FLAGS)),
    ("month_day", re.compile(rf"\b(?:{_AFTER}|{_FROM}) (?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                             rf"(?:,? (?P<year>20\d\d))?\b", _FLAGS)),
    ("month", re.compile(rf"\b(?:{_AFTER}|{_FROM}) (?:the (?:start|beginning|end) of )?(?P<month>{_MONTH})"
                         rf"(?: (?P<year>20\d\d))?\b", _FLAGS)),
    ("new_year", re.compile(r"\b(?:after|in) the new year\b|\bafter (?:the )?(?:christmas |winter )?holidays\b|"
                            r"\bafter christmas\b", _FLAGS)),
    ("day", re.compile(rf"\b(?:{_AFTER}|{_FROM}) the (?P<day>\d{{1,2}})(?:st|nd|rd|th)\b", _FLAGS)),
    ("season", re.compile(rf"\b(?:{_AFTER}|{_FROM}) (?:the )?(?:end of (?:the )?)?(?P<season>spring|summer|autumn|fall|"
                          rf"winter)(?: (?P<year>20\d\d))?\b", _FLAGS)),
)
# Seasons as most visitors mean them (northern hemisphere): the month each starts.
_SEASON_STARTS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _amount(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 1)


def _next_to_come(candidate: date, today: date, explicit_year: bool) -> date:
    """A quarter, month or day named without a year means the next one to come."""
    if explicit_year or candidate > today:
        return candidate
    return _add_months(candidate, 12)  # 29 February becomes 28 February


def _relative(kind: str, groups: dict[str, Any], today: date) -> date:
    if kind == "new_year":
        return date(today.year + 1, 1, 1)
    unit = groups["unit"].lower()
    if kind == "in":
        amount = _amount(groups["n"])
        if unit.startswith("day"):
            return today + timedelta(days=amount)
        if unit.startswith("week"):
            return today + timedelta(weeks=amount)
        return _add_months(today, amount)
    if unit == "week":
        return today + timedelta(days=7 - today.weekday())
    if unit == "month":
        return _add_months(date(today.year, today.month, 1), 1)
    if unit == "quarter":
        return _add_months(date(today.year, ((today.month - 1) // 3) * 3 + 1, 1), 3)
    return date(today.year + 1, 1, 1)


def _date_from(kind: str, match: re.Match[str], today: date) -> date | None:
    groups = match.groupdict()
    if kind in ("in", "next", "new_year"):
        return _relative(kind, groups, today)
    # "after Q3", "after July", "at the end of June": from the start of the next period.
    after = bool(groups.get("after")) or "end of" in match.group(0).lower()
    explicit_year = bool(groups.get("year"))
    year = int(groups["year"]) if explicit_year else today.year
    if kind == "quarter":
        start = _add_months(date(year, (int(groups["q"]) - 1) * 3 + 1, 1), 3 if after else 0)
        return _next_to_come(start, today, explicit_year)
    if kind == "season":  # "after the summer": when autumn starts
        start = date(year, _SEASON_STARTS[groups["season"].lower()], 1)
        return _next_to_come(_add_months(start, 3) if after else start, today, explicit_year)
    if kind == "day":  # "after the 15th": that day of this month, or of the next once it has passed
        day = int(groups["day"])
        for months_ahead in (0, 1, 2):
            first = _add_months(date(today.year, today.month, 1), months_ahead)
            if day <= calendar.monthrange(first.year, first.month)[1]:
                candidate = first.replace(day=day) + timedelta(days=1 if groups.get("after") else 0)
                if candidate > today:
                    return candidate
        return None
    month = _MONTHS.get(groups["month"].rstrip(".").capitalize())
    if month is None:
        return None
    if kind == "month":
        return _next_to_come(_add_months(date(year, month, 1), 1 if after else 0), today, explicit_year)
    day = int(groups["day"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return _next_to_come(date(year, month, day) + timedelta(days=1 if after else 0), today, explicit_year)


# "don't reach out before March" means "not before March" ("contact me before March" would mean the opposite).
_NEGATED_BEFORE = re.compile(r"(\b(?:don'?t|do not|dont|never|not)\b[^.!?]{0,40}?)\bbefore\b", _FLAGS)


# A date and the words about contacting must share a clause: in "our follow-up is a mess, and we need it fixed by
# next month" the date is when they want it solved.
_CLAUSE_BREAK = re.compile(r"[.;!?,]|\b(?:because|and|but|so|since|while)\b", _FLAGS)


def hear_not_before(text: str, today: date) -> date | None:
    """The earliest day they may be contacted, when a clause ties a date to being contacted."""
    if not _CONTACT_WORDS.search(text):
        return None
    for clause in _CLAUSE_BREAK.split(_NEGATED_BEFORE.sub(r"\1not before", text)):
        if not _CONTACT_WORDS.search(clause):
            continue
        for kind, pattern in _DATE_PATTERNS:
            match = pattern.search(clause)
            if match and (found := _date_from(kind, match, today)) and found > today:
                return found
    return None


def _channel(text: str) -> str | None:
    no_calls, no_email = bool(_NO_CALLS.search(text)), bool(_NO_EMAIL.search(text))
    if _PREFERS_CHAT.search(text) or (no_calls and no_email):
        return CHAT_ONLY
    if no_calls or _PREFERS_EMAIL.search(text):
        return EMAIL_ONLY
    if no_email or _PREFERS_PHONE.search(text):
        return PHONE_ONLY
    if _CALLS_FINE.search(text):
        return ANY_CHANNEL
    return None


def hear_contact_preferences(text: str, today: date) -> ContactPreferences | None:
    """The preferences said in one message ("email only, no calls, not before Q3"); None if it says none."""
    heard = ContactPreferences(_channel(text), hear_not_before(text, today),
                               CONTENT_ONLY if _CONTENT_ONLY.search(text) else None)
    if heard.channel is None and heard.not_before is None and heard.scope is None:
        return None
    return replace(heard, said=" ".join(text.split())[:MAX_SAID])


# Words of a wish about being contacted that the parser may not read ("i'd prefer not to be called", "stick to
# email"); "our orders come in by email and phone" has none of them.
_WISH_WORDS = re.compile(
    r"\b(?:prefer\w*|rather|only|just (?:send|share|email)|send (?:me|over|things)|"
    # "just want the guide" (but "just want a full calendar" is a goal)
    r"just (?:want|need) (?:(?:the|a|an|your|some|that) )?(?:guide|info\w*|e-?mail|link|pdf|docs?|brochure|"
    r"pricing|prices|quote|details|resources?|reading|something in writing|it in writing)|keep (?:it|this|"
    r"everything) (?:here|in)|stick to|(?:calls?|phone|e-?mails?|chat)(?: \w+)? (?:is|are|works?) (?:fine|ok|okay|"
    r"best|better|good)|(?:a )?call is (?:fine|ok|better)|happy to (?:get|have) a call|don'?t (?:ring|phone)|"
    r"ring me|phone me|text me|no (?:phone|salespeople|sales|chasing|follow)|not by (?:phone|e-?mail)|"
    r"(?:be|being) (?:called|contacted|emailed)|wait (?:until|till))\b", _FLAGS)


# "can someone call me?", "give me a call", "i'd like a callback"; "don't call me" and "we call customers" are not
_ASKS_FOR_A_CALL = re.compile(
    r"\b(?:(?<!don't )(?<!dont )(?<!not )(?:call|ring|phone) (?:me|us)\b(?! (?:back )?(?:never|not))|"
    r"give (?:me|us) a (?:call|ring)|(?:get|have|like|want|book|schedule|arrange) (?:a )?call ?backs?|"
    r"call ?back(?: me| us)?\s*(?:please)?\s*[?.!]*$|like a call\b|want a call\b)", _FLAGS)


def asks_for_a_call(text: str) -> bool:
    """Whether the visitor asks to be phoned ("can someone call me?"), not only to reach a person."""
    return bool(_ASKS_FOR_A_CALL.search(text)) and not _NO_CALLS.search(text)


def sounds_like_contact_wish(text: str) -> bool:
    """Whether the message has the words of a wish about being contacted, read or not."""
    return (hear_contact_preferences(text, date.today()) is not None or bool(_CONTACT_WORDS.search(text))
            or bool(_WISH_WORDS.search(text)))


_PIECES = re.compile(r"([^,;.!?]+(?:[,;.!?]+|$))")
_JOINER = re.compile(r"^\s*(?:and|but|so|also)\s+", _FLAGS)


def without_contact_wishes(text: str, today: date) -> str:
    """`text` without the pieces that say how or when to contact them ("it's all manual, and please no calls,
    email only" -> "it's all manual"), so an answer about their work is not stored with them."""
    pieces = [piece for piece in _PIECES.findall(text) if piece.strip()]
    kept = [piece for piece in pieces if hear_contact_preferences(_JOINER.sub("", piece), today) is None]
    if len(kept) == len(pieces):
        return text
    return "".join(kept).strip().rstrip(",;").strip()


# --- showing -----------------------------------------------------------------------------------------
_CHANNEL_FOR_REPS = {EMAIL_ONLY: "prefers email, no calls", PHONE_ONLY: "no emails (a call is fine)",
                     CHAT_ONLY: "only in the chat: no emails, no calls"}
_CHANNEL_FOR_VISITOR = {EMAIL_ONLY: "email only, no calls", PHONE_ONLY: "no emails",
                        CHAT_ONLY: "only here in the chat, no emails or calls"}


def day_label(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _described(preferences: ContactPreferences, channels: dict[str, str], content_only: str) -> list[str]:
    parts = [channels[preferences.channel]] if preferences.channel in channels else []
    if preferences.not_before:
        parts.append(f"not before {day_label(preferences.not_before)}")
    if preferences.scope == CONTENT_ONLY:
        parts.append(content_only)
    return parts


def for_reps(preferences: ContactPreferences) -> str:
    """One line for the inbox, notifications, CSV and CRM: "prefers email, no calls · not before 1 Jul 2027"."""
    return " · ".join(_described(preferences, _CHANNEL_FOR_REPS, "only what they asked for, no sales follow-up"))


def for_visitor(preferences: ContactPreferences) -> str:
    """The same in the visitor's terms: "email only, no calls, and not before 1 Jul 2027"."""
    parts = _described(preferences, _CHANNEL_FOR_VISITOR, "just what you asked for, no sales follow-up")
    return ", and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]}, and {parts[2]}"
