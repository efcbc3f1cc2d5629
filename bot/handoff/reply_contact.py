"""Whether a rep's message offers to contact the visitor another way: a call (or a meeting) or an email.
The desk refuses such a message when the visitor asked for something else (bot/profile/contact_rules.py)."""

from __future__ import annotations

import re

from bot.profile.contact_rules import Contact

_OFFERS_CALL = re.compile(
    r"\b(?:(?:hop|jump|get) on a (?:quick )?(?:call|zoom|phone call)|(?:book|schedule|set up|arrange|have|do) "
    r"(?:a |an |our )?(?:quick |short |15[- ]minute |30[- ]minute )?(?:call|meeting|demo|zoom|video call|phone call)|"
    r"(?:give you|you) a (?:quick )?(?:call|ring)|call you|phone you|ring you|your (?:phone|mobile|cell)(?: number)?|"
    r"(?:a )?good (?:number|time to call)|calendly|(?:zoom|teams|meet)\.(?:us|microsoft|google)\b)", re.IGNORECASE)
_OFFERS_EMAIL = re.compile(
    r"\b(?:(?:send|drop|shoot) you an? (?:e-?mail|note)|e-?mail you|follow up by e-?mail|"
    r"(?:in|to) your (?:inbox|e-?mail)|(?:add|put) you (?:on|to) (?:our|the) (?:list|newsletter|mailing list))\b",
    re.IGNORECASE)


def contacts_offered(text: str) -> list[Contact]:
    """The ways of contacting the visitor that `text` proposes."""
    offered = []
    if _OFFERS_CALL.search(text):
        offered.append(Contact.CALL)
    if _OFFERS_EMAIL.search(text):
        offered.append(Contact.EMAIL)
    return offered
