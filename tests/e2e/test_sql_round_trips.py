"""SQL round trips per visitor turn on the default profile, counted from SQLAlchemy's events in every process of
a real stack (the benchmark reports the same count over 30 turns): at most two units of work (a transaction,
or a read outside one) per turn, the first turn of a new conversation included."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.db.statement_log import ENVIRONMENT_VARIABLE, read_statement_log
from bot.runtime.stack_process import RunningStack, start_stack
from tests.support.databases import fresh_database

DISCOVERY = ("hi", "we want to automate our customer onboarding",
             "it's all manual and slow, everything is in spreadsheets", "yes, that's right",
             "I'm the head of customer success", "about 50 people", "within the next quarter", "thanks")


@pytest.fixture(scope="module")
def counted(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningStack, Path]]:
    tmp_dir = tmp_path_factory.mktemp("counted")
    log_path = tmp_dir / "statements.log"
    with fresh_database(tmp_dir) as url, \
            start_stack(trained_model, url, tmp_dir, {ENVIRONMENT_VARIABLE: str(log_path)}) as running:
        yield running, log_path


def test_every_turn_of_a_new_conversation_takes_at_most_two_units_of_work(counted):
    stack, log_path = counted
    sender = stack.visitor("sql-counted")
    per_turn = []
    for message in DISCOVERY:
        before = len(read_statement_log(str(log_path)))
        assert stack.say(sender, message)
        turn = read_statement_log(str(log_path))[before:]
        per_turn.append(Counter(f"{process} {kind}" for process, kind, _ in turn))
    units = [sum(count for key, count in kinds.items() if key.endswith(" begin")) for kinds in per_turn]
    assert max(units) <= 2, units
    # The first turn starts the session: its stored profile came with the Rasa process's first query.
    assert not any(key.startswith("action_server") for key in per_turn[0]), per_turn[0]
