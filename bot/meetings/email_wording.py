"""The wording of meeting emails, from data/meeting_emails.yml (marketers' content), checked on load."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.paths import MEETING_EMAILS_FILE

PLACEHOLDERS = {
    "visitor_invite": {"visitor", "rep", "when", "minutes", "about", "manage_link"},
    "rep_invite": {"visitor", "rep", "when", "minutes", "about", "inbox_link"},
    "visitor_cancel": {"visitor", "rep", "when", "minutes"},
    "rep_cancel": {"visitor", "rep", "when", "minutes", "inbox_link"},
}
TITLE_PLACEHOLDERS = {"visitor", "rep"}


class EmailWordingError(ValueError):
    """data/meeting_emails.yml is missing a key or uses an unknown placeholder; the message says where."""


@dataclass(frozen=True)
class EmailText:
    subject: str
    body: str


@dataclass(frozen=True)
class MeetingEmailWording:
    title: str
    emails: dict[str, EmailText]  # keyed like PLACEHOLDERS


def _check(text: object, where: str, allowed: set[str]) -> str:
    if not isinstance(text, str) or not text.strip():
        raise EmailWordingError(f"{where}: write some text here")
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise EmailWordingError(f"{where}: {error} (a single {{ or }} must be written twice)") from None
    if unknown := used - allowed:
        raise EmailWordingError(f"{where}: unknown placeholder {{{sorted(unknown)[0]}}}; "
                                f"use {', '.join('{' + name + '}' for name in sorted(allowed))}")
    return text


def load_email_wording(path: Path = MEETING_EMAILS_FILE) -> MeetingEmailWording:
    """Read and check the file; `EmailWordingError` names the first problem."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EmailWordingError(f"{path.name}: cannot be read ({error})") from None
    if not isinstance(content, dict):
        raise EmailWordingError(f"{path.name}: expected keys title, {', '.join(PLACEHOLDERS)}")
    title = _check(content.get("title"), "title", TITLE_PLACEHOLDERS)
    emails = {}
    for kind, allowed in PLACEHOLDERS.items():
        section = content.get(kind)
        if not isinstance(section, dict):
            raise EmailWordingError(f"{kind}: missing (it needs a subject and a body)")
        emails[kind] = EmailText(_check(section.get("subject"), f"{kind}.subject", allowed),
                                 _check(section.get("body"), f"{kind}.body", allowed))
    return MeetingEmailWording(title, emails)


@lru_cache(maxsize=1)
def email_wording() -> MeetingEmailWording:
    """The process-wide wording (checked at start; a bad file fails loudly)."""
    return load_email_wording()
