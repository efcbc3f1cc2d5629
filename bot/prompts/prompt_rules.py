"""The proactive prompts marketers write in data/prompts.yml, checked on load, as the widget receives them.

The widget decides when to show one (time on page, scroll depth, leaving the page) and enforces the limits
the visitor is owed: never in the first seconds, at most one per visit, never again for a while once
dismissed. The server decides whether a visitor may be prompted at all (not after "just browsing" or an
opt-out) and counts what happened, anonymously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content_yaml import PAGE_PATH, read_content_yaml
from bot.paths import PROMPTS_FILE

MAX_TEXT_CHARS = 200
MAX_PROMPTS = 50
PROMPT_ACTIONS = ("shown", "opened", "dismissed")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class PromptRulesError(ValueError):
    """data/prompts.yml has a problem; the message says where and what."""


@dataclass(frozen=True)
class Prompt:
    id: str
    pages: tuple[str, ...]  # path patterns; * matches anything
    text: str
    seconds_on_page: int = 0
    scrolled_percent: int = 0
    leaving: bool = False  # only when the pointer leaves the page towards the browser's tabs (exit intent)

    def as_widget_rule(self) -> dict[str, Any]:
        return {"id": self.id, "pages": list(self.pages), "text": self.text, "seconds": self.seconds_on_page,
                "scrolled": self.scrolled_percent, "leaving": self.leaving}


@dataclass(frozen=True)
class PromptRules:
    quiet_seconds: int  # never before a visitor has been this long on the page
    quiet_days_after_dismissal: int
    prompts: tuple[Prompt, ...]

    def for_widget(self) -> dict[str, Any]:
        """What the widget needs to decide, sent to visitors who may be prompted."""
        return {"quiet_seconds": self.quiet_seconds, "quiet_days": self.quiet_days_after_dismissal,
                "prompts": [prompt.as_widget_rule() for prompt in self.prompts]}

    def knows(self, prompt_id: str) -> bool:
        return any(prompt.id == prompt_id for prompt in self.prompts)


def _whole(raw: Any, where: str, low: int, high: int, default: int) -> int:
    if raw is None:
        return default
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise PromptRulesError(f"{where} must be a whole number from {low} to {high}")
    return raw


def _prompt(raw: Any, number: int) -> Prompt:
    if not isinstance(raw, dict):
        raise PromptRulesError(f"prompt {number}: needs an id, pages, text and at least one of "
                               "seconds_on_page, scrolled_percent, leaving")
    prompt_id = raw.get("id")
    if not isinstance(prompt_id, str) or not _ID.fullmatch(prompt_id):
        raise PromptRulesError(f"prompt {number}: `id` must be lowercase letters, digits and dashes")
    unknown = set(raw) - {"id", "pages", "text", "seconds_on_page", "scrolled_percent", "leaving"}
    if unknown:
        raise PromptRulesError(f"{prompt_id}: unknown setting `{sorted(unknown)[0]}`")
    pages = raw.get("pages")
    if isinstance(pages, str):
        pages = [pages]
    if not isinstance(pages, list) or not pages \
            or not all(isinstance(page, str) and PAGE_PATH.fullmatch(page) for page in pages):
        raise PromptRulesError(f'{prompt_id}: `pages` lists page paths starting with /, e.g. "/pricing*"')
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        raise PromptRulesError(f"{prompt_id}: `text` is one short sentence (up to {MAX_TEXT_CHARS} characters)")
    leaving = raw.get("leaving", False)
    if not isinstance(leaving, bool):
        raise PromptRulesError(f"{prompt_id}: `leaving` is true or false")
    prompt = Prompt(prompt_id, tuple(pages), " ".join(text.split()),
                    _whole(raw.get("seconds_on_page"), f"{prompt_id}: seconds_on_page", 0, 3600, 0),
                    _whole(raw.get("scrolled_percent"), f"{prompt_id}: scrolled_percent", 0, 100, 0), leaving)
    if not (prompt.seconds_on_page or prompt.scrolled_percent or prompt.leaving):
        raise PromptRulesError(f"{prompt_id}: say when to offer it: seconds_on_page, scrolled_percent or leaving")
    return prompt


def parse_prompt_rules(content: Any) -> PromptRules:
    """Check parsed YAML; `PromptRulesError` names the first problem."""
    if not isinstance(content, dict):
        raise PromptRulesError("expected `quiet_seconds`, `quiet_days_after_dismissal` and `prompts:`")
    raw_prompts = content.get("prompts") or []
    if not isinstance(raw_prompts, list) or len(raw_prompts) > MAX_PROMPTS:
        raise PromptRulesError(f"`prompts:` is a list of at most {MAX_PROMPTS} prompts")
    prompts = tuple(_prompt(raw, number) for number, raw in enumerate(raw_prompts, start=1))
    ids = [prompt.id for prompt in prompts]
    if duplicate := next((prompt_id for prompt_id in ids if ids.count(prompt_id) > 1), None):
        raise PromptRulesError(f"{duplicate}: two prompts have this id; give each its own")
    return PromptRules(_whole(content.get("quiet_seconds"), "quiet_seconds", 5, 3600, 10),
                       _whole(content.get("quiet_days_after_dismissal"), "quiet_days_after_dismissal", 1, 365, 30),
                       prompts)


def load_prompt_rules(path: Path = PROMPTS_FILE) -> PromptRules:
    return parse_prompt_rules(read_content_yaml(path, PromptRulesError))
