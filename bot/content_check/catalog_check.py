"""The catalog: the same validation the action server applies at start, with lines."""

from __future__ import annotations

from pathlib import Path

from bot.content_check.content_files import ContentFiles, strip_lines
from bot.content_check.findings import Finding, error, warning
from bot.discovery.catalog import CatalogError, parse_catalog
from bot.discovery.item_meaning import crowded_items


def _item_lines(document: dict) -> dict[str, int]:
    return {str(item.get("id")): int(item.get("__line__") or 0) for item in document.get("items") or []
            if isinstance(item, dict)}


def check_catalog(files: ContentFiles, path: Path) -> list[Finding]:
    document = files.documents.get(path)
    if document is None:
        return []  # missing file or YAML error, already reported
    try:
        catalog = parse_catalog(strip_lines(document), path)
    except CatalogError as problem:
        lines = _item_lines(document)
        findings = []
        for text in problem.problems:
            line = next((lines[item_id] for item_id in lines if f"item {item_id!r}" in text), None)
            findings.append(error(path, line, text, "see 'The content catalog' in docs/MARKETERS.md for the "
                                                     "fields every item needs and the allowed values"))
        return findings
    lines = _item_lines(document)
    return [warning(path, lines.get(item.id),
                    f"items {item.id!r} and {rival.id!r} are so close in meaning, for the same visitors, that "
                    "one of them will hardly ever be recommended",
                    "make each item's summary and `for:` phrases say what is different about it (who it is for, "
                    "which problem it solves), or merge the two")
            for item, rival in crowded_items(catalog.items)]
