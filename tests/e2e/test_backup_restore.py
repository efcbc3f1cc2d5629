"""A backup taken while visitors chat, restored into a new database: the restored stack carries on the chats."""

from __future__ import annotations

import pytest

from bot.backup import backup, restore
from bot.runtime.stack_process import start_stack
from tests.support.databases import fresh_database

pytestmark = [pytest.mark.e2e, pytest.mark.db]


def _texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text") or "" for reply in replies)


def test_a_restored_stack_continues_the_conversation_where_the_backup_left_it(trained_model, tmp_path):
    original_dir, restored_dir = tmp_path / "original", tmp_path / "restored"
    original_dir.mkdir()
    restored_dir.mkdir()
    with fresh_database(original_dir) as url, start_stack(trained_model, url, original_dir) as running:
        assert "trying to achieve" in _texts(running.say("dana", "hi"))
        running.say("dana", "we want to automate our customer onboarding")
        saved = backup(url, tmp_path / "while-running.backup")  # the stack keeps running meanwhile
        running.say("dana", "this message comes after the backup")
    with fresh_database(restored_dir, migrated=False, file_name="restored.db") as restored_url:
        assert restore(restored_url, saved).leads == 1
        with start_stack(trained_model, restored_url, restored_dir) as restored:
            reply = _texts(restored.say("dana", "it's all manual and in spreadsheets"))
            assert "automate" in reply and "Did I get that right?" in reply  # the goal came back with the chat
            said = [e["text"] for e in restored.tracker("dana")["events"] if e["event"] == "user"]
            assert said == ["hi", "we want to automate our customer onboarding", "it's all manual and in spreadsheets"]
