"""The conversation-quality suite over the real stack: scripted visitors, typed the way real visitors type,
must never be re-asked a fact, have a non-answer stored, hit a dead end, or hear a parroted reflection."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.bench.conversation_quality import load_visitors, play, render_table
from bot.runtime.stack_process import UNLIMITED_CHAT, RunningStack, start_stack
from tests.support.databases import fresh_database

pytestmark = [pytest.mark.e2e, pytest.mark.db]
VISITORS = load_visitors()


@pytest.fixture(scope="module")
def quality_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The stack, with the public chat's rate limits lifted: every scripted visitor comes from one address."""
    tmp_dir = tmp_path_factory.mktemp("quality")
    with fresh_database(tmp_dir) as url, start_stack(trained_model, url, tmp_dir, UNLIMITED_CHAT) as running:
        yield running


def test_the_suite_has_enough_varied_visitors():
    assert len(VISITORS) >= 40
    assert sum(any(m.non_answer for m in v.messages) for v in VISITORS) >= 8
    assert sum(v.recommend_by is not None for v in VISITORS) >= 3


def test_scripted_visitors_are_heard(quality_stack):
    results = [play(visitor, f"quality-{index}", quality_stack.say, quality_stack.tracker)
               for index, visitor in enumerate(VISITORS)]
    problems = [f"{r.name}: {problem}" for r in results
                for problem in (r.reasked + r.stored_non_answers + r.reflection_defects + r.brushed_off
                                + [f"{r.dead_ends} dead end(s)"] * bool(r.dead_ends)
                                + [f"{r.parroted_replies} said again word for word"] * bool(r.parroted_replies)
                                + [f"{r.repeated_reasons} repeated reason(s)"] * bool(r.repeated_reasons)
                                + [f"first recommendation at {r.messages_to_recommendation}"] * r.late_recommendation)]
    assert problems == [], render_table(results)
