"""Rasa's own `rasa data validate`, with its findings reworded for people who do not write code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.content_check.findings import Finding, error, warning
from bot.paths import PROJECT_ROOT
from bot.settings import child_environment

_REWORDINGS = (
    (re.compile(r"The intent '(.+?)' is not used in any story or rule"),
     "the intent '{0}' has examples, but no rule or story says what to do when a visitor says it",
     "add a rule for it in data/rules/, or remove its examples"),
    (re.compile(r"The intent '(.+?)' is listed in the domain file, but is not found in the NLU training data"),
     "the intent '{0}' is listed in domain.yml but has no examples",
     "add example messages for it in data/nlu/, or remove it from domain.yml"),
    (re.compile(r"contradict|conflict", re.IGNORECASE),
     "two rules or stories disagree about what to do in the same situation: {0}",
     "make the situations different (add a condition) or make them do the same thing"),
)
# Responses used only by custom actions look unused to Rasa; `check` finds unused responses itself.
_IGNORED = (re.compile(r"The utterance '.+?' is not used in any story or rule"),)


def _reword(line: str) -> Finding | None:
    if any(pattern.search(line) for pattern in _IGNORED):
        return None
    for pattern, message, fix in _REWORDINGS:
        match = pattern.search(line)
        if match:
            return warning(PROJECT_ROOT / "data", None, message.format(*(match.groups() or (line.strip(),))), fix)
    return None


# Intents only buttons send (the meeting times): visitors never type them, so they need no examples.
BUTTON_INTENTS = ("book_meeting", "rate_conversation")


def internal_intent(line: str) -> bool:
    return "'EXTERNAL_" in line or any(f"'{intent}'" in line for intent in BUTTON_INTENTS)


def check_with_rasa(root: Path = PROJECT_ROOT) -> list[Finding]:
    rasa = Path(sys.executable).with_name("rasa")
    result = subprocess.run([str(rasa), "data", "validate"], cwd=root, capture_output=True, text=True,
                            env=child_environment())
    output = result.stdout + result.stderr
    findings = [finding for line in output.splitlines()
                if ("UserWarning" in line or "ERROR" in line) and not internal_intent(line)
                and (finding := _reword(line))]
    if result.returncode != 0:
        first_error = next((line for line in output.splitlines() if "ERROR" in line or "Error" in line),
                           output.strip().splitlines()[-1] if output.strip() else "no output")
        findings.append(error(root / "data", None, f"Rasa's own validation failed: {first_error.strip()}",
                              "fix the problem it names, then run `make check` again"))
    return findings
