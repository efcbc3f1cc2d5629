"""Intent precision/recall/F1 on examples the model did not train on (5-fold cross-validation)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.bench.report_file import replace_section
from bot.paths import PROJECT_ROOT
from bot.settings import child_environment

FOLDS = 5
SUMMARY_ROWS = ("weighted avg", "macro avg")


def cross_validate_intents() -> tuple[dict, float]:
    """Run `rasa test nlu --cross-validation` with the project's config; return its intent report."""
    rasa = Path(sys.executable).with_name("rasa")
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [str(rasa), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
             "--folds", str(FOLDS), "--out", out],
            cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=child_environment(),
        )
        elapsed = time.perf_counter() - started
        return json.loads((Path(out) / "intent_report.json").read_text()), elapsed


def _row(name: str, scores: dict) -> str:
    return (f"| {name} | {scores['precision']:.2f} | {scores['recall']:.2f} | {scores['f1-score']:.2f} "
            f"| {scores['support']} |")


def render(report: dict, elapsed: float) -> str:
    intents = sorted(((name, scores) for name, scores in report.items()
                      if isinstance(scores, dict) and name not in SUMMARY_ROWS),
                     key=lambda entry: entry[1]["f1-score"])
    weighted = report["weighted avg"]
    lines = [
        "## Intent classification (`make bench-nlu`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores: {FOLDS}-fold cross-validation of "
        f"`config.yml` over `data/nlu` ({weighted['support']} examples); every score is on examples the "
        f"model did not train on. Run time {elapsed:.0f} s.",
        "",
        f"**Weighted F1: {weighted['f1-score']:.3f}** (precision {weighted['precision']:.3f}, recall "
        f"{weighted['recall']:.3f}). Target: 0.90.",
        "",
        "| intent | precision | recall | F1 | examples |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [_row(name, scores) for name, scores in intents]
    lines.append(_row("**weighted avg**", weighted))
    return "\n".join(lines)


def run_nlu_benchmark() -> str:
    report, elapsed = cross_validate_intents()
    body = render(report, elapsed)
    replace_section("nlu", body)
    return body
