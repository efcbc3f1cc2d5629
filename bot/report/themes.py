"""Groups what visitors said into themes named by the catalog's own keywords, with example quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

OTHER = "other"
MAX_QUOTES = 3


@dataclass
class Theme:
    name: str
    count: int = 0
    quotes: list[str] = field(default_factory=list)


def _theme_of(text: str, keywords: Sequence[str]) -> str:
    lowered = text.lower()
    return next((keyword for keyword in keywords if re.search(r"\b" + re.escape(keyword), lowered)), OTHER)


def group_by_theme(texts: Iterable[str], keyword_sets: Sequence[tuple[Sequence[str], str]]) -> list[Theme]:
    """Each text joins the theme of the first catalog keyword it mentions ("other" if none); biggest first."""
    keywords: list[str] = []
    for words, _item in keyword_sets:
        keywords.extend(word for word in words if word not in keywords)
    themes: dict[str, Theme] = {}
    for text in texts:
        theme = themes.setdefault(_theme_of(text, keywords), Theme(_theme_of(text, keywords)))
        theme.count += 1
        if len(theme.quotes) < MAX_QUOTES and text not in theme.quotes:
            theme.quotes.append(text)
    return sorted(themes.values(), key=lambda theme: (theme.name == OTHER, -theme.count, theme.name))
