"""Loads the content files with line numbers, reporting YAML mistakes instead of crashing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.content_check.findings import Finding, error
from bot.paths import PROJECT_ROOT


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping as the key `__line__`."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def strip_lines(value: Any) -> Any:
    """The same data without the `__line__` bookkeeping."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


@dataclass
class ContentFiles:
    """Every content file, parsed (with lines), plus the YAML errors found while reading them."""

    root: Path = PROJECT_ROOT
    documents: dict[Path, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def paths(self) -> list[Path]:
        data = self.root / "data"
        tests = self.root / "tests" / "stories"
        return sorted([self.root / "domain.yml", *data.rglob("*.yml"), *tests.rglob("*.yml")])

    def load(self) -> ContentFiles:
        for path in self.paths():
            try:
                self.documents[path] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or {}
            except yaml.MarkedYAMLError as problem:
                mark = problem.problem_mark or problem.context_mark
                self.findings.append(error(
                    path, mark.line + 1 if mark else None, f"this is not valid YAML ({problem.problem})",
                    "check the indentation (spaces, not tabs) and that quotes and brackets are closed on this "
                    "line or the one above"))
        return self

