"""`python -m bot.bench conversation`: the conversation-quality suite against a freshly started stack,
written to docs/BENCHMARKS.md."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bot.bench.bench_stack import default_profile_stack
from bot.bench.conversation_quality import load_visitors, play, render_table
from bot.bench.report_file import replace_section
from bot.rasa_ext.model_training import train


def run_conversation_benchmark() -> str:
    """Play every scripted visitor once, write the report section, and return it."""
    model = train()
    visitors = load_visitors()
    with tempfile.TemporaryDirectory() as tmp, default_profile_stack(model, Path(tmp)) as stack:
        run_id = str(int(time.time()))
        results = [play(visitor, f"quality-{run_id}-{index}", stack.say, stack.tracker)
                   for index, visitor in enumerate(visitors)]
    messages = sum(len(visitor.messages) for visitor in visitors)
    body = "\n".join([
        "## Conversation quality (`make bench-conversation`, also part of `make bench`)",
        "",
        f"{len(visitors)} scripted visitors ({messages} messages, `bot/bench/conversation_visitors.yml`), typed "
        "the way real visitors type, played over the REST channel against the real stack and judged from their "
        "trackers. "
        "`make test` fails on any re-ask, stored non-answer, dead end, reflection defect, brush-off (the visitor "
        "told us something and got a fallback or \"outside what I can help with\"), repeated reason or late "
        "recommendation (`tests/e2e/test_conversation_quality.py`). A dash: the visitor never asked for, or never "
        "reached, a recommendation (just browsing, a person, a complaint, a script that ends earlier).",
        "",
        render_table(results),
    ])
    replace_section("conversation", body)
    return body
