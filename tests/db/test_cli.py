"""`python -m bot` commands against a real database."""

import io
import json

import pytest

from bot.cli.main import build_parser, main
from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.passwords import verify_password

pytestmark = pytest.mark.db


@pytest.fixture
def cli_db(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def test_leads_list_and_show_json(cli_db, capsys):
    with session_scope(cli_db) as session:
        Repository(session).record_fact("v-1", "goal", "shorter sales cycle")
        Repository(session).record_fact("v-1", "company_size", "51-200")
    assert main(["leads", "list", "--json"]) == 0
    [lead] = json.loads(capsys.readouterr().out)
    assert lead["sender_id"] == "v-1" and lead["company_size"] == "51-200"
    assert set(lead) == {"sender_id", "name", "email", "company", "role", "company_size", "timeline",
                         "consent", "opted_out", "first_seen", "last_seen"}
    assert main(["leads", "show", "v-1", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert [fact["kind"] for fact in detail["facts"]] == ["goal", "company_size"]
    assert detail["recommendations"] == [] and detail["handoffs"] == []
    assert main(["leads", "show", "v-1"]) == 0
    assert "shorter sales cycle" in capsys.readouterr().out


def test_unknown_lead_exits_non_zero(cli_db, capsys):
    assert main(["leads", "show", "ghost"]) == 1
    assert "no lead" in capsys.readouterr().err


def test_handoffs_list_json(cli_db, capsys):
    with session_scope(cli_db) as session:
        Repository(session).create_handoff("v-2", "asked for a person", 55, ["asked for pricing"], "wants pricing")
    assert main(["handoffs", "list", "--json"]) == 0
    [handoff] = json.loads(capsys.readouterr().out)
    assert handoff["sender_id"] == "v-2" and handoff["warmth_reasons"] == ["asked for pricing"]
    assert handoff["status"] == "queued"


def test_forget_command(cli_db, capsys):
    with session_scope(cli_db) as session:
        Repository(session).record_fact("v-3", "goal", "x")
    assert main(["forget", "v-3"]) == 0
    assert main(["forget", "v-3"]) == 1
    assert main(["leads", "show", "v-3"]) == 1


def test_reps_add_hashes_password(cli_db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["reps", "add", "Rep@Example.com", "--name", "Rita Rep", "--password-stdin"]) == 0
    with session_scope(cli_db) as session:
        rep = Repository(session).get_rep_by_email("rep@example.com")
        assert rep.display_name == "Rita Rep"
        assert rep.password_hash != "correct horse battery"
        assert verify_password(rep.password_hash, "correct horse battery")
        assert not verify_password(rep.password_hash, "wrong")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["reps", "add", "rep@example.com", "--password-stdin"]) == 1


def test_reps_add_refuses_short_password(cli_db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["reps", "add", "a@example.com", "--password-stdin"]) == 2
    assert "at least" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    [], ["db"], ["leads"], ["leads", "list"], ["leads", "show"], ["handoffs"], ["handoffs", "list"],
    ["forget"], ["export"], ["reps"], ["reps", "add"], ["check"], ["report"], ["serve"], ["env"],
])
def test_every_level_has_help(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(argv + ["--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out
