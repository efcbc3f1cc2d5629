"""Starts the real stack and measures training time, start-up time, REST latency and memory."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp

from bot.bench.bench_stack import default_profile_stack
from bot.bench.process_memory import peak_rss_by_service
from bot.bench.report_file import replace_section
from bot.bench.stats import percentile
from bot.rasa_ext.model_training import train
from bot.runtime.stack_process import RunningStack

CONCURRENCY_LEVELS = (1, 10, 50)
CONVERSATIONS_PER_VISITOR = 3
# A multi-turn conversation that exercises NLU, rules and a custom action writing to SQL.
SCRIPT = (
    "hi",
    "we want to automate our customer onboarding",
    "thanks",
    "bye",
)


@dataclass
class LatencyResult:
    visitors: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    throughput_rps: float


async def _visitor(session: aiohttp.ClientSession, stack: RunningStack, url: str, visitor: str, samples: list,
                   errors: list) -> None:
    for round_number in range(CONVERSATIONS_PER_VISITOR):
        sender = stack.visitor(f"{visitor}-{round_number}")
        for message in SCRIPT:
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message}) as response:
                    await response.read()
                    if response.status != 200:
                        errors.append(response.status)
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors.append(repr(error))
                continue
            samples.append((time.perf_counter() - started) * 1000)


async def measure_latency(stack: RunningStack, visitors: int, run_id: str) -> LatencyResult:
    """Run `visitors` concurrent scripted conversations over the REST channel."""
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    samples: list[float] = []
    errors: list = []
    timeout = aiohttp.ClientTimeout(total=120)
    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(
            _visitor(session, stack, url, f"bench-{run_id}-{visitors}-{index}", samples, errors)
            for index in range(visitors)
        ))
    elapsed = time.perf_counter() - started
    return LatencyResult(
        visitors=visitors, requests=len(samples) + len(errors), errors=len(errors),
        p50_ms=statistics.median(samples) if samples else 0.0,
        p95_ms=percentile(samples, 0.95),
        max_ms=max(samples) if samples else 0.0,
        throughput_rps=len(samples) / elapsed if elapsed else 0.0,
    )


def measure_training_seconds() -> float:
    """A full, uncached `rasa train` of the project's config and data."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        train(Path(out), force=True)
        return time.perf_counter() - started


def _render(training_s: float, ready_s: float, results: list[LatencyResult], memory: dict[str, float]) -> str:
    lines = [
        "## Runtime (`make bench`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores, embedded SQLite, "
        f"one Rasa server, one action server. Each visitor holds {CONVERSATIONS_PER_VISITOR} conversations "
        f"of {len(SCRIPT)} turns over the REST channel; every turn with a goal runs a custom action "
        "that writes to SQL.",
        "",
        f"- Full training (`rasa train --force`): **{training_s:.1f} s** (target < 60 s)",
        f"- Start until all three services answer: **{ready_s:.1f} s** (target < 25 s)",
        "",
        "| concurrent visitors | requests | errors | p50 ms | p95 ms | max ms | req/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.visitors} | {r.requests} | {r.errors} | {r.p50_ms:.0f} | {r.p95_ms:.0f} "
                     f"| {r.max_ms:.0f} | {r.throughput_rps:.1f} |")
    lines += ["", "Peak resident memory (VmHWM) per process:", "", "| process | peak RSS MiB |", "|---|---:|"]
    lines += [f"| {name} | {mib:.0f} |" for name, mib in sorted(memory.items())]
    lines += ["", "Target: p95 under 150 ms at 10 concurrent visitors."]
    return "\n".join(lines)


def run_runtime_benchmark() -> str:
    """Measure everything, write the report section, and return it."""
    training_s = measure_training_seconds()
    model = train()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()  # includes migrating the new, empty SQLite database (well under a second)
        with default_profile_stack(model, Path(tmp)) as stack:
            ready_s = time.perf_counter() - started
            run_id = str(int(time.time()))
            results = [asyncio.run(measure_latency(stack, level, run_id)) for level in CONCURRENCY_LEVELS]
            memory = peak_rss_by_service(stack.pid)
    body = _render(training_s, ready_s, results, memory)
    replace_section("runtime", body)
    return body
