"""Backups of the whole database and restores that bring everything back (SQLite, and PostgreSQL in CI)."""

import json

import pytest
from sqlalchemy import func, insert, select

from bot.backup import BackupError, backup, restore
from bot.cli.main import main
from bot.db.engine import engine_for, session_scope
from bot.db.models import DiscoveryFact, Handoff, Lead
from bot.db.repository import Repository
from bot.db.tracker_events import rasa_events
from tests.support.databases import fresh_database

pytestmark = pytest.mark.db


def _fill(database_url: str) -> None:
    rasa_events.metadata.create_all(engine_for(database_url))
    with session_scope(database_url) as session:
        repo = Repository(session)
        repo.record_fact("v-1", "goal", "automate onboarding ✓")
        repo.record_fact("v-2", "goal", "reduce churn")
        repo.create_handoff("v-1", "asked for a person", 60, ["asked for a person"], "Goal: automate onboarding")
        session.execute(insert(rasa_events), [
            {"sender_id": "v-1", "type_name": "user", "timestamp": 1.0 + i,
             "data": json.dumps({"event": "user", "text": f"message {i}"})} for i in range(3)])


def _counts(database_url: str) -> tuple[int, int, int, list[str]]:
    with session_scope(database_url) as session:
        texts = [json.loads(data)["text"] for data in session.scalars(
            select(rasa_events.c.data).order_by(rasa_events.c.id))]
        return (session.scalar(select(func.count(Lead.id))), session.scalar(select(func.count(DiscoveryFact.id))),
                session.scalar(select(func.count(Handoff.id))), texts)


def test_a_backup_restored_into_an_empty_database_brings_everything_back(database_url, tmp_path):
    _fill(database_url)
    saved = backup(database_url, tmp_path / "leadbot.backup")
    assert saved.stat().st_mode & 0o777 == 0o600 and not (tmp_path / "leadbot.backup.partial").exists()
    with fresh_database(tmp_path, migrated=False, file_name="restored.db") as empty:
        assert restore(empty, saved).leads == 2
        assert _counts(empty) == _counts(database_url) == (2, 2, 1, ["message 0", "message 1", "message 2"])
        with session_scope(empty) as session:  # and the restored database takes new writes
            Repository(session).record_fact("v-3", "goal", "after the restore")
        assert _counts(empty)[0] == 3


def test_a_restore_never_overwrites_leads_unless_asked_to(database_url, tmp_path):
    _fill(database_url)
    saved = backup(database_url, tmp_path / "before.backup")
    with session_scope(database_url) as session:
        Repository(session).record_fact("v-late", "goal", "said after the backup")
    with pytest.raises(BackupError, match="already holds 3 lead"):
        restore(database_url, saved)
    assert _counts(database_url)[0] == 3
    assert restore(database_url, saved, replace=True).leads == 2  # back to the moment of the backup


def test_a_file_that_is_no_backup_is_refused_before_anything_changes(database_url, tmp_path):
    _fill(database_url)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(BackupError, match="is not"):
        restore(database_url, junk, replace=True)
    with pytest.raises(BackupError, match="no backup"):
        restore(database_url, tmp_path / "missing.backup", replace=True)
    assert _counts(database_url)[0] == 2


def test_the_commands_say_what_happened(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    _fill(database_url)
    assert main(["backup", "--out", str(tmp_path / "nightly.backup")]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["backup", "--out", str(tmp_path / "no-such-folder" / "x.backup")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "nightly.backup")]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "nightly.backup"), "--replace"]) == 0
    assert "2 lead(s)" in capsys.readouterr().out
