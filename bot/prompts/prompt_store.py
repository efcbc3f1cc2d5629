"""Who may be prompted, and the anonymous counts of what prompts did: plain calls for the Rasa channel."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.prompts.prompt_rules import PROMPT_ACTIONS


def may_be_prompted(database_url: str, sender_id: str) -> bool:
    """False once the visitor said they were just browsing or asked not to be contacted."""
    with session_scope(database_url) as session:
        return Repository(session).may_be_prompted(sender_id)


def count_prompt_action(database_url: str, prompt_id: str, action: str, now: datetime | None = None) -> None:
    """One more shown / opened / dismissed for the prompt today (UTC); no visitor is recorded."""
    if action not in PROMPT_ACTIONS:
        raise ValueError(f"unknown prompt action {action!r}")
    day = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).date().isoformat()
    with session_scope(database_url) as session:
        Repository(session).count_prompt(prompt_id, action, day)
