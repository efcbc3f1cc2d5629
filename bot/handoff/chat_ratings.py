"""The visitor's rating (1-5) of a chat with a rep, asked when the rep closes it, and their comment."""

from __future__ import annotations

from typing import Any

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.discovery.answers import is_skip
from bot.profile.non_answers import non_answer_kind

LOWEST, HIGHEST = 1, 5
LOW_AT_MOST = 3  # a rating this low asks what we could have done better
# Replies to "what could we have done better?" that say nothing about the chat.
_NOT_A_COMMENT = {"unsure", "thanks", "greeting"}


def parse_rating(value: Any) -> int | None:
    """The rating a button carried, or None (the payload can be typed by anyone)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() and LOWEST <= int(text) <= HIGHEST else None


def is_low(rating: int) -> bool:
    return rating <= LOW_AT_MOST


def is_comment(text: str) -> bool:
    """Whether a reply to "what could we have done better?" says something (not "skip", "no idea", "thanks")."""
    return not is_skip(text) and non_answer_kind(text) not in _NOT_A_COMMENT


def rep_of_latest_chat(database_url: str, sender_id: str) -> str | None:
    """The display name of the rep in the visitor's latest closed chat; None when no rep has talked with them."""
    with session_scope(database_url) as session:
        handoff = Repository(session).latest_chat_with_rep(sender_id)
        return handoff.assigned_rep.display_name if handoff and handoff.assigned_rep else None


def record_rating(database_url: str, sender_id: str, rating: int) -> str | None:
    """Store the rating on the latest chat; the rep's name, or None when there is no chat to rate."""
    with session_scope(database_url) as session:
        handoff = Repository(session).rate_latest_chat(sender_id, rating)
        if handoff is None:
            return None
        return handoff.assigned_rep.display_name if handoff.assigned_rep else "our team"


def record_comment(database_url: str, sender_id: str, comment: str) -> bool:
    """Store what the visitor said about their rated chat; False when there is no rated chat."""
    with session_scope(database_url) as session:
        return Repository(session).comment_on_latest_rating(sender_id, comment) is not None
