"""The unmet-needs digest: what visitors wanted and could not get, grouped by meaning, as files and a weekly email."""

import email
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from bot.db.digest_repository import DigestRepository
from bot.db.engine import session_scope
from bot.db.models import DigestEmail, UnmetNeed, UnmetNeedKind
from bot.db.repository import Repository
from bot.digest.render import digest_html, digest_markdown
from bot.digest.unmet_needs import build_digest, monday_of
from bot.digest.weekly_email import deliver_due_digests, last_full_week, queue_weekly_digest
from bot.profile.visitor_store import VisitorStore
from bot.settings import load_handoff_settings
from tests.support.receivers import smtp_server

pytestmark = pytest.mark.db

WEEK = date(2026, 11, 23)  # a Monday
QUESTION = UnmetNeedKind.UNANSWERED_QUESTION
NOTHING_FITS = UnmetNeedKind.NOTHING_FITS


def _need(database_url: str, sender: str, kind: UnmetNeedKind, said: str, at: datetime) -> None:
    VisitorStore(database_url).record_unmet_need(sender, kind, said)
    with session_scope(database_url) as session:
        newest = session.scalar(select(UnmetNeed).order_by(UnmetNeed.id.desc()).limit(1))
        newest.created_at = at


def _day(offset: int) -> datetime:
    return datetime(WEEK.year, WEEK.month, WEEK.day, 12, tzinfo=timezone.utc) + timedelta(days=offset)


@pytest.fixture
def needs(database_url):
    _need(database_url, "v-1", QUESTION, "does it integrate with pipedrive?", _day(1))
    _need(database_url, "v-2", QUESTION, "is there a pipedrive integration", _day(2))
    _need(database_url, "v-3", QUESTION, "can you connect to pipedrive", _day(-3))  # the week before
    _need(database_url, "v-4", QUESTION, "is my data stored in the eu", _day(3))
    _need(database_url, "v-5", NOTHING_FITS, "train our nurses on new equipment", _day(4))
    _need(database_url, "v-6", QUESTION, "do you support <script>alert(1)</script> | pipes", _day(5))
    _need(database_url, "v-7", QUESTION, "outside the week", _day(7))
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("v-8", "goal", "hire more drivers for our trucks")
        repo.record_fact("v-8", "challenge", "nobody applies")
        handoff = repo.create_handoff("v-8", "asked for a person", 40, [], "summary")
        handoff.status, handoff.outcome, handoff.closed_at = "closed", "not_a_fit", _day(2)
    return database_url


def _section(digest, kind):
    return next(section for section in digest.sections if section.kind == kind)


def test_needs_are_grouped_by_meaning_and_counted_against_the_week_before(needs):
    digest = build_digest(needs, WEEK)
    questions = _section(digest, str(QUESTION))
    assert (questions.this_week, questions.last_week) == (4, 1)
    pipedrive = next(group for group in questions.groups if "pipedrive" in group.name)
    assert (pipedrive.this_week, pipedrive.last_week) == (2, 1)
    assert pipedrive.trend == "up"
    assert all("pipedrive" in quote for quote in pipedrive.quotes)
    assert "can you connect to pipedrive" not in pipedrive.quotes  # last week's words are counted, not quoted
    eu = next(group for group in questions.groups if "eu" in group.name)
    assert (eu.this_week, eu.last_week, eu.trend) == (1, 0, "new")
    assert not any("outside the week" in quote for group in questions.groups for quote in group.quotes)
    [nothing_fits] = _section(digest, str(NOTHING_FITS)).groups
    assert nothing_fits.quotes == ["train our nurses on new equipment"]
    [not_a_fit] = _section(digest, "not_a_fit").groups
    assert not_a_fit.quotes == ["hire more drivers for our trucks - nobody applies"]


def test_visitor_words_are_inert_in_html_and_markdown(needs):
    digest = build_digest(needs, WEEK)
    html = digest_html(digest)
    assert "<script>" not in html and "&lt;script&gt;" in html
    markdown = digest_markdown(digest)
    assert "<script>" not in markdown and "\\| pipes" in markdown


def test_an_empty_week_says_so(database_url):
    digest = build_digest(database_url, date(2020, 1, 6))
    assert digest.empty
    assert digest_markdown(digest).count("Nothing this week.") == 3


def test_cli_writes_both_files_and_refuses_a_bad_date(needs, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", needs)
    assert main(["digest", "--week", "2026-11-26", "--out", str(tmp_path)]) == 0  # a Thursday: its week
    assert "week of 2026-11-23" in capsys.readouterr().out
    assert "pipedrive" in (tmp_path / "digest.md").read_text()
    assert "pipedrive" in (tmp_path / "digest.html").read_text()
    assert main(["digest", "--week", "next tuesday", "--out", str(tmp_path)]) == 2
    assert "must be a date" in capsys.readouterr().err


def test_weeks_start_on_monday():
    assert monday_of(date(2026, 11, 29)) == WEEK
    assert last_full_week(datetime(2026, 12, 2, 9, tzinfo=timezone.utc)) == WEEK


def test_weekly_email_is_queued_once_sent_over_smtp_and_leaves_out_the_forgotten(needs):
    recipients = ("ceo@example.com", "product@example.com")
    now = datetime(2026, 12, 1, 3, tzinfo=timezone.utc)  # the Tuesday after WEEK
    assert queue_weekly_digest(needs, recipients, now) == 2
    assert queue_weekly_digest(needs, recipients, now + timedelta(hours=1)) == 0  # hourly runs queue nothing new
    VisitorStore(needs).forget("v-4")
    with smtp_server() as (port, mails):
        settings = replace(load_handoff_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        assert deliver_due_digests(needs, settings, now) == (2, 0)
        assert deliver_due_digests(needs, settings, now) == (0, 0)  # sent once
    assert len(mails) == 2
    message = email.message_from_string(mails[0])
    assert "week of 2026-11-23" in message["Subject"]
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    assert "pipedrive" in parts["text/plain"] and "pipedrive" in parts["text/html"]
    assert "stored in the eu" not in parts["text/plain"] + parts["text/html"]


def test_a_digest_email_that_cannot_be_sent_is_kept_and_retried(needs):
    now = datetime(2026, 12, 1, 3, tzinfo=timezone.utc)
    queue_weekly_digest(needs, ("ceo@example.com",), now)
    with smtp_server() as (port, _):
        pass  # the port is closed again: nothing listens there now
    settings = replace(load_handoff_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
    assert deliver_due_digests(needs, settings, now) == (0, 1)
    with session_scope(needs) as session:
        row = session.scalar(select(DigestEmail))
        assert (row.status, row.attempts) == ("pending", 1) and row.last_error
        assert row.next_attempt_at > datetime.now(timezone.utc)


def test_no_recipients_queue_nothing(needs):
    assert queue_weekly_digest(needs, (), datetime(2026, 12, 1, tzinfo=timezone.utc)) == 0
    with session_scope(needs) as session:
        assert session.scalar(select(func.count(DigestEmail.id))) == 0
        assert DigestRepository(session).due_digests(datetime.now(timezone.utc)) == []
