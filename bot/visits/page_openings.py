"""Page openings from data/openings.yml (marketers' content): a page-specific first line for the chat and a
page-specific first goal question, checked on load."""

from __future__ import annotations

import fnmatch
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content_yaml import PAGE_PATH, read_content_yaml
from bot.paths import OPENINGS_FILE

MAX_TEXT_CHARS = 300


class PageOpeningsError(ValueError):
    """data/openings.yml has a problem; the message says where and what."""


@dataclass(frozen=True)
class Opening:
    pages: tuple[str, ...]
    greeting: str | None = None
    goal_question: str | None = None

    def fits(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.pages)


@dataclass(frozen=True)
class PageOpenings:
    openings: tuple[Opening, ...]

    def for_address(self, address: str) -> Opening | None:
        """The first opening whose pages fit the address's path; None for any other page."""
        path = urllib.parse.urlsplit(address).path or "/"
        return next((opening for opening in self.openings if opening.fits(path)), None)


def _text(raw: Any, where: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_TEXT_CHARS:
        raise PageOpeningsError(f"{where}: one or two short sentences (up to {MAX_TEXT_CHARS} characters)")
    if "{" in raw or "}" in raw:
        raise PageOpeningsError(f"{where}: no {{placeholders}} here; write the words as visitors should read them")
    return " ".join(raw.split())


def parse_page_openings(content: Any) -> PageOpenings:
    """Check parsed YAML; `PageOpeningsError` names the first problem."""
    if not isinstance(content, dict) or not isinstance(content.get("openings"), list):
        raise PageOpeningsError("expected `openings:` followed by a list")
    openings = []
    for number, raw in enumerate(content["openings"], start=1):
        where = f"opening {number}"
        if not isinstance(raw, dict) or set(raw) - {"pages", "greeting", "goal_question"}:
            raise PageOpeningsError(f"{where}: use pages, greeting and goal_question")
        pages = raw.get("pages")
        pages = [pages] if isinstance(pages, str) else pages
        if not isinstance(pages, list) or not pages or not all(isinstance(p, str) and PAGE_PATH.fullmatch(p)
                                                               for p in pages):
            raise PageOpeningsError(f'{where}: `pages` lists page paths starting with /, e.g. "/pricing*"')
        opening = Opening(tuple(pages), _text(raw.get("greeting"), f"{where}: greeting"),
                          _text(raw.get("goal_question"), f"{where}: goal_question"))
        if opening.greeting is None and opening.goal_question is None:
            raise PageOpeningsError(f"{where}: give a greeting, a goal_question, or both")
        openings.append(opening)
    return PageOpenings(tuple(openings))


def load_page_openings(path: Path = OPENINGS_FILE) -> PageOpenings:
    return parse_page_openings(read_content_yaml(path, PageOpeningsError))
