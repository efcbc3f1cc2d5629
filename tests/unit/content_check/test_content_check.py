"""`python -m bot check` passes the shipped content and catches each kind of mistake in the bad fixtures."""

from pathlib import Path

from bot.cli.main import main
from bot.content_check.runner import run_checks
from bot.paths import PROJECT_ROOT

BAD = Path(__file__).resolve().parent / "fixtures" / "content_bad"


def _errors(findings):
    return [f for f in findings if f.severity == "error"]


def test_shipped_content_has_no_errors():
    findings = run_checks(PROJECT_ROOT, with_rasa=True)
    assert _errors(findings) == [], "\n".join(f.render() for f in findings)


def test_bad_fixtures_are_caught_with_file_line_and_fix():
    errors = _errors(run_checks(BAD, with_rasa=False))
    rendered = "\n".join(f.render() for f in errors)
    expected = [
        ("broken.yml:6", "not valid YAML"),
        ("bad_pitch.yml:6", "rule 'recommends straight away (bad)' can run 'action_recommend' before"),
        ("bad_pitch.yml:12", "rule 'pitches on hello (bad)' can run 'utter_pitch_our_platform' before"),
        ("bad_pitch.yml:26", "uses the response 'utter_missing', which does not exist"),
        ("domain.yml:9", "sends '/tell_me_more', but there is no intent 'tell_me_more'"),
        ("catalog.yml:10", "must be a full address"),
        ("catalog.yml", "'guide-one' is used more than once"),
        ("catalog.yml", "'podcast' is not one of"),
        ("catalog.yml", "'wizard' is not one of"),
        ("catalog.yml", "needs a `helps_with` line"),
        ("bad_story.yml:6", "story 'pitches after hello (bad)' can run 'action_recommend' before"),
    ]
    for where, what in expected:
        assert any(where in line and what in line for line in rendered.splitlines()), (where, what, rendered)
    assert all("how to fix:" in f.render() for f in errors)
    assert "listens first (good)" not in rendered


def test_unused_response_is_only_a_warning():
    findings = run_checks(BAD, with_rasa=False)
    assert any(f.severity == "warning" and "utter_never_said" in f.message for f in findings)


def test_exit_codes(capsys):
    assert main(["check", "--root", str(BAD), "--skip-rasa"]) == 1
    assert "Fix the errors above" in capsys.readouterr().out
    assert main(["check", "--skip-rasa"]) == 0
    assert "The content is ready" in capsys.readouterr().out


def test_stories_are_walked_wherever_they_live(tmp_path):
    """Stories in data/ sub-folders and in tests/stories are checked for listening before pitching."""
    story = (BAD / "data" / "stories" / "sales" / "bad_story.yml").read_text()
    for folder in ("data/deep/er", "tests/stories"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "story.yml").write_text(story)
    (tmp_path / "domain.yml").write_text((BAD / "domain.yml").read_text())
    rendered = [f.render() for f in _errors(run_checks(tmp_path, with_rasa=False))]
    for folder in ("data/deep/er", "tests/stories"):
        assert any(f"{folder}/story.yml:6" in line and "action_recommend" in line for line in rendered), rendered


def _catalog_with(tmp_path, extra_item: str):
    (tmp_path / "data").mkdir()
    catalog = (PROJECT_ROOT / "data" / "catalog.yml").read_text() + extra_item
    (tmp_path / "data" / "catalog.yml").write_text(catalog)
    (tmp_path / "domain.yml").write_text((PROJECT_ROOT / "domain.yml").read_text())
    return [f for f in run_checks(tmp_path, with_rasa=False) if "close in meaning" in f.message]


def test_two_items_so_alike_that_one_never_wins_are_a_warning(tmp_path):
    near_copy = """
  - id: guide-onboarding-workflows
    title: "Automating customer onboarding: the playbook"
    url: https://northwind-flow.example/guides/onboarding-workflows
    type: guide
    summary: "Replace onboarding spreadsheets and checklists with automated workflows, step by step."
    helps_with: "shows how to swap onboarding checklists and spreadsheets for automated steps"
    for:
      goals: [onboard, automat, activation, setup]
      challenges: [manual, spreadsheet, checklist, slow]
      stage: awareness
"""
    findings = _catalog_with(tmp_path, near_copy)
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert "'guide-onboarding-automation'" in findings[0].message
    assert "'guide-onboarding-workflows'" in findings[0].message and findings[0].line


def test_a_distinct_item_is_not_reported_as_crowded(tmp_path):
    distinct = """
  - id: guide-invoice-approvals
    title: "Invoice approvals without the email chains"
    url: https://northwind-flow.example/guides/invoice-approvals
    type: guide
    summary: "Route supplier invoices to the right approver and pay on time."
    helps_with: "shows how finance teams route invoices for approval automatically"
    for:
      goals: [invoice, accounts payable, approval, finance]
      challenges: [late payment, email chains, lost invoices]
      stage: awareness
"""
    assert _catalog_with(tmp_path, distinct) == []


def test_answers_mistakes_are_errors_with_file_and_line(tmp_path):
    answers = tmp_path / "data" / "answers"
    answers.mkdir(parents=True)
    (answers / "bad.yml").write_text('answers:\n  - id: no-answer\n    questions: ["is it secure?"]\n')
    (tmp_path / "domain.yml").write_text((PROJECT_ROOT / "domain.yml").read_text())
    errors = [f.render() for f in run_checks(tmp_path, with_rasa=False) if f.severity == "error"]
    assert any("bad.yml:2" in line and "needs an `answer`" in line for line in errors), errors
