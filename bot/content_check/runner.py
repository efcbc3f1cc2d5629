"""Runs every content check and prints the findings; errors make the exit code non-zero."""

from __future__ import annotations

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


def check_crm_mapping(path: Path) -> list[Finding]:
    """The operators' CRM field mapping reads and names only known details and valid field names."""
    try:
        load_mapping(path)
    except MappingError as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def check_meeting_emails(path: Path) -> list[Finding]:
    """The meeting emails' wording has every part and only known placeholders."""
    try:
        load_email_wording(path)
    except EmailWordingError as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def check_saved_replies(path: Path) -> list[Finding]:
    """Reps' saved replies each have an id, a title and a text with only known placeholders."""
    try:
        load_saved_replies(path)
    except SavedRepliesError as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def check_prompts(path: Path) -> list[Finding]:
    """Proactive prompts each say on which pages, when and what; the quiet times are in range."""
    try:
        load_prompt_rules(path)
    except PromptRulesError as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def check_openings(path: Path) -> list[Finding]:
    """Page openings name pages and give a greeting or a goal question."""
    try:
        load_page_openings(path)
    except PageOpeningsError as problem:
        return [error(path, None, str(problem), "compare with the comments at the top of the file")]
    return []


def run_checks(root: Path = PROJECT_ROOT, with_rasa: bool = True) -> list[Finding]:
    files = ContentFiles(root=root).load()
    findings = list(files.findings)
    findings += check_catalog(files, root / "data" / "catalog.yml")
    findings += check_answers(files, root / "data" / "answers")
    findings += check_responses(files, root / "domain.yml")
    findings += check_profile(files, root / "domain.yml")
    findings += check_listen_before_pitch(files)
    findings += check_crm_mapping(root / "data" / "crm_fields.yml")
    findings += check_meeting_emails(root / "data" / "meeting_emails.yml")
    findings += check_saved_replies(root / "data" / "saved_replies.yml")
    findings += check_prompts(root / "data" / "prompts.yml")
    findings += check_openings(root / "data" / "openings.yml")
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
