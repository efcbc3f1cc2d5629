"""Saved replies reps pick in the inbox, from data/saved_replies.yml (marketers' content), checked on load and
filled in with what the visitor told the assistant."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.content_yaml import read_content_yaml
from bot.discovery.paraphrase import reflect_challenge, reflect_goal
from bot.paths import SAVED_REPLIES_FILE

PLACEHOLDERS = ("first_name", "name", "company", "goal", "challenge", "rep_name")
MAX_REPLY_CHARS = 2000
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class SavedRepliesError(ValueError):
    """data/saved_replies.yml has a problem; the message says where and what."""


@dataclass(frozen=True)
class SavedReply:
    id: str
    title: str
    text: str

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.text) if name)


def _reply(raw: Any, where: str) -> SavedReply:
    if not isinstance(raw, dict):
        raise SavedRepliesError(f"{where}: each reply needs an id, a title and a text")
    reply_id, title, text = raw.get("id"), raw.get("title"), raw.get("text")
    if not isinstance(reply_id, str) or not _ID.fullmatch(reply_id):
        raise SavedRepliesError(f"{where}: `id` must be lowercase letters, digits and dashes (e.g. wrap-up)")
    if not isinstance(title, str) or not title.strip():
        raise SavedRepliesError(f"{reply_id}: write a title")
    if not isinstance(text, str) or not text.strip():
        raise SavedRepliesError(f"{reply_id}: write a text")
    if len(text) > MAX_REPLY_CHARS:
        raise SavedRepliesError(f"{reply_id}: the text is longer than {MAX_REPLY_CHARS} characters")
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError as problem:
        raise SavedRepliesError(f"{reply_id}: {problem} (a single {{ or }} must be written twice)") from None
    if any(spec or conversion for _, spec, conversion in fields):
        raise SavedRepliesError(f"{reply_id}: write placeholders plainly, like {{goal}} (no : or ! inside)")
    used = {name for name, _, _ in fields}
    if unknown := used - set(PLACEHOLDERS):
        raise SavedRepliesError(f"{reply_id}: unknown placeholder {{{sorted(unknown)[0]}}}; "
                                f"use {', '.join('{' + name + '}' for name in PLACEHOLDERS)}")
    return SavedReply(reply_id, title.strip(), text.strip())


def parse_saved_replies(content: Any) -> tuple[SavedReply, ...]:
    """Check parsed YAML; `SavedRepliesError` names the first problem."""
    if not isinstance(content, dict) or not isinstance(content.get("replies"), list):
        raise SavedRepliesError("expected `replies:` followed by a list of replies")
    replies = tuple(_reply(raw, f"reply {number}") for number, raw in enumerate(content["replies"], start=1))
    seen: set[str] = set()
    for reply in replies:
        if reply.id in seen:
            raise SavedRepliesError(f"{reply.id}: two replies have this id; give each its own")
        seen.add(reply.id)
    return replies


def load_saved_replies(path: Path = SAVED_REPLIES_FILE) -> tuple[SavedReply, ...]:
    return parse_saved_replies(read_content_yaml(path, SavedRepliesError))


@lru_cache(maxsize=1)
def saved_replies() -> tuple[SavedReply, ...]:
    """The process-wide replies (checked when the web app starts; a bad file fails loudly)."""
    return load_saved_replies()


def visitor_values(profile: Mapping[str, str | None], rep_name: str) -> dict[str, str]:
    """What the placeholders stand for, for one visitor; a placeholder with nothing known is left out."""
    name = (profile.get("name") or "").strip()
    goal, challenge = profile.get("goal"), profile.get("challenge")
    values = {"name": name, "first_name": name.split()[0] if name else "", "company": profile.get("company") or "",
              "goal": reflect_goal(goal) if goal else "",
              "challenge": reflect_challenge(challenge) if challenge else "", "rep_name": rep_name}
    return {key: value for key, value in values.items() if value}


def fill(reply: SavedReply, values: Mapping[str, str]) -> str | None:
    """The reply with the visitor's values in it; None when one of its placeholders is unknown for them."""
    if not reply.placeholders <= set(values):
        return None
    return reply.text.format(**values)
