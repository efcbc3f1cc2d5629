"""Text typed by people (visitors, reps), made safe to store and show: no control or invisible characters
(a NUL byte is refused by PostgreSQL; bidi overrides and zero-width characters can disguise what is shown)."""

from __future__ import annotations

import html
import unicodedata

# Control and invisible formatting characters (bidi overrides, zero-width) carry no meaning in a chat.
_STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_text(text: str) -> str:
    """Drop control/invisible characters (keeping newlines and tabs as spaces) and trim."""
    kept = []
    for character in text:
        if character in "\n\t\r":
            kept.append(" ")
        elif unicodedata.category(character) not in _STRIPPED_CATEGORIES:
            kept.append(character)
    return " ".join("".join(kept).split())


def markdown_cell(text: str) -> str:
    """Typed text made inert in a Markdown table cell or list item: no raw HTML, no column breaks, one line."""
    return html.escape(" ".join(text.split())).replace("|", "\\|")
