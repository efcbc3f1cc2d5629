"""Runs every content check and prints the findings; errors make the exit code non-zero."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.content_check.answers_check import check_answers
from bot.content_check.catalog_check import check_catalog
from bot.content_check.content_files import ContentFiles
from bot.content_check.findings import Finding, error
from bot.content_check.pitch_check import check_listen_before_pitch
from bot.content_check.profile_check import check_profile
from bot.content_check.rasa_validate import check_with_rasa
from bot.content_check.responses_check import check_responses
from bot.crm.field_mapping import MappingError, load_mapping
from bot.handoff.saved_replies import SavedRepliesError, load_saved_replies
from bot.meetings.email_wording import EmailWordingError, load_email_wording
from bot.paths import PROJECT_ROOT
from bot.prompts.prompt_rules import PromptRulesError, load_prompt_rules
from bot.visits.page_openings import PageOpeningsError, load_page_openings

# Files read by their own loader, which raises a ValueError naming the first problem in plain words.
_SELF_CHECKING_FILES: tuple[tuple[str, Callable[[Path], object], type[ValueError]], ...] = (
    ("crm_fields.yml", load_mapping, MappingError),  # the operators' CRM field mapping
    ("meeting_emails.yml", load_email_wording, EmailWordingError),  # every part, only known placeholders
    ("saved_replies.yml", load_saved_replies, SavedRepliesError),  # id, title, text, known placeholders
    ("prompts.yml", load_prompt_rules, PromptRulesError),  # pages, when and what; quiet times in range
    ("openings.yml", load_page_openings, PageOpeningsError),  # pages, and a greeting or a goal question
)


def check_self_checking_file(path: Path, loader: Callable[[Path], object], problem_type: type[ValueError]) \
        -> list[Finding]:
    """The file's own loader accepts it; otherwise its complaint, as a finding."""
    try:
        loader(path)
    except problem_type as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def check_crm_mapping(path: Path) -> list[Finding]:
    """The operators' CRM field mapping reads and names only known details and valid field names."""
    return check_self_checking_file(path, load_mapping, MappingError)


def run_checks(root: Path = PROJECT_ROOT, with_rasa: bool = True) -> list[Finding]:
    files = ContentFiles(root=root).load()
    findings = list(files.findings)
    findings += check_catalog(files, root / "data" / "catalog.yml")
    findings += check_answers(files, root / "data" / "answers")
    findings += check_responses(files, root / "domain.yml")
    findings += check_profile(files, root / "domain.yml")
    findings += check_listen_before_pitch(files)
    for name, loader, problem_type in _SELF_CHECKING_FILES:
        findings += check_self_checking_file(root / "data" / name, loader, problem_type)
    if with_rasa and not files.findings:
        findings += check_with_rasa(root)
    return findings


def report(findings: list[Finding]) -> int:
    """Print findings, errors first; return the exit code."""
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    for finding in errors + warnings:
        print(finding.render())
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s).")
    if errors:
        print("Fix the errors above before training; warnings are worth a look but do not block.")
    else:
        print("The content is ready: run `make train`, then try it in the browser.")
    return 1 if errors else 0
