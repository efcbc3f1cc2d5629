"""Intent precision/recall/F1 on examples the model did not train on (5-fold cross-validation)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from bot.bench.report_file import replace_section
from bot.paths import PROJECT_ROOT
from bot.rasa_ext.model_training import train
from bot.settings import child_environment

FOLDS = 5
SUMMARY_ROWS = ("weighted avg", "macro avg")


MEANING_COMPONENTS = ("bot.rasa_ext.meaning_featurizer.MeaningFeaturizer",
                      "bot.rasa_ext.context_featurizer.ContextMeaningFeaturizer")


def config_without_meaning() -> str:
    """config.yml without the meaning featurizers: the sparse-only pipeline, for a before/after comparison."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = [step for step in config["pipeline"] if step.get("name") not in MEANING_COMPONENTS]
    return yaml.safe_dump(config, sort_keys=False)


def cross_validate_intents(config_text: str | None = None) -> tuple[dict, float]:
    """Run `rasa test nlu --cross-validation` with the project's config (or `config_text`); return its
    intent report and the run time."""
    rasa = Path(sys.executable).with_name("rasa")
    with tempfile.TemporaryDirectory() as out:
        config = PROJECT_ROOT / "config.yml"
        if config_text is not None:
            config = Path(out) / "config.yml"
            config.write_text(config_text, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [str(rasa), "test", "nlu", "--nlu", "data/nlu", "--config", str(config), "--cross-validation",
             "--folds", str(FOLDS), "--out", str(Path(out) / "report")],
            cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=child_environment(),
        )
        elapsed = time.perf_counter() - started
        return json.loads((Path(out) / "report" / "intent_report.json").read_text()), elapsed


def parse_times_ms(texts: list[str]) -> list[float]:
    """Milliseconds Rasa's NLU takes for each text, with the trained project model, after one warm-up, with
    the Rasa server's own hooks installed (its graph runner among them)."""
    import logging

    from bot.runtime.rasa_server import install_serving_hooks

    install_serving_hooks()
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)  # the server's level: unconfigured, structlog prints a debug line per parse

    agent = Agent.load(str(train()))

    async def measure() -> list[float]:
        await agent.parse_message(texts[0])
        times = []
        for text in texts:
            started = time.perf_counter()
            await agent.parse_message(text)
            times.append((time.perf_counter() - started) * 1000)
        return times

    return asyncio.run(measure())


def training_texts() -> list[str]:
    """Every example text in data/nlu."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [message.get("text") for message in load_data(str(PROJECT_ROOT / "data" / "nlu")).intent_examples]


def _row(name: str, scores: dict, before: dict | None) -> str:
    was = f"{before['f1-score']:.2f}" if before else "-"
    return (f"| {name} | {scores['precision']:.2f} | {scores['recall']:.2f} | {scores['f1-score']:.2f} "
            f"| {was} | {scores['support']} |")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def render(report: dict, elapsed: float, before: dict, parse_ms: list[float]) -> str:
    intents = sorted(((name, scores) for name, scores in report.items()
                      if isinstance(scores, dict) and name not in SUMMARY_ROWS and name != "micro avg"),
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
        f"{weighted['recall']:.3f}); without the meaning featurizers (sparse n-grams only, the same run): "
        f"{before['weighted avg']['f1-score']:.3f}. Target: 0.92, no intent below 0.80.",
        "",
        f"NLU time per message (the trained model, every example once, in-process): median "
        f"{_percentile(parse_ms, 0.5):.1f} ms, p95 {_percentile(parse_ms, 0.95):.1f} ms. Target: p95 5 ms.",
        "",
        "| intent | precision | recall | F1 | F1 before | examples |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [_row(name, scores, before.get(name)) for name, scores in intents]
    lines.append(_row("**weighted avg**", weighted, before["weighted avg"]))
    return "\n".join(lines)


def run_nlu_benchmark() -> str:
    before, _ = cross_validate_intents(config_without_meaning())
    report, elapsed = cross_validate_intents()
    body = render(report, elapsed, before, parse_times_ms(training_texts()))
    replace_section("nlu", body)
    return body
