"""A finding: file, line, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.paths import PROJECT_ROOT


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    path: Path
    line: int | None
    message: str
    fix: str

    def render(self) -> str:
        try:
            where = str(self.path.relative_to(PROJECT_ROOT))
        except ValueError:
            where = str(self.path)
        if self.line:
            where += f":{self.line}"
        return f"{self.severity.upper()} {where}: {self.message}\n    how to fix: {self.fix}"


def error(path: Path, line: int | None, message: str, fix: str) -> Finding:
    return Finding("error", path, line, message, fix)


def warning(path: Path, line: int | None, message: str, fix: str) -> Finding:
    return Finding("warning", path, line, message, fix)
