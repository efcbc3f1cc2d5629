"""Soak (`make bench-soak`): a steady, realistic load for a long time on each profile, watching for anything that
grows: resident memory and open files of every process, database connections, and latency drift.

Visitors think between messages (2-6 s), hold conversations of 8 to 12 messages, and one conversation in ten
ends by asking for a person (a handoff, which notifies and pauses the bot). Every `SAMPLE_SECONDS` the process
tree is read from /proc; the report gives each process's memory at the start and end of the measured part (after
a warm-up) with its least-squares slope per hour, and latency in the first and last five minutes.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import aiohttp
from sqlalchemy import text

from bot.bench.load_bench import PROFILES
from bot.bench.report_file import replace_section
from bot.bench.stats import percentile
from bot.db.engine import build_engine
from bot.rasa_ext.model_training import train
from bot.runtime.process_tree import children, command_line
from bot.runtime.stack_process import RunningStack

MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
WARM_UP_SECONDS = 120.0
SAMPLE_SECONDS = 30.0
VISITORS = 10
THINK_SECONDS = (2.0, 6.0)
DRIFT_WINDOW_SECONDS = 300.0
GROWING_MIB_PER_HOUR = 20.0  # a slope above this, sustained over the run, is reported as growth
OPENERS = ("hi", "hello there", "hey, quick question")
TOPICS = (
    ("we want to automate our customer onboarding", "it is all manual spreadsheets"),
    ("we need more qualified leads from our website", "our reps are too slow to follow up"),
    ("we want to cut churn", "we never see it coming until customers cancel"),
    ("we want faster month-end reporting", "the numbers live in five different tools"),
)
FOLLOW_UPS = ("yes", "I run operations", "about 40 people", "next quarter", "how much does it cost?",
              "do you integrate with hubspot?", "thanks", "what do you know about me?", "ok", "sounds good",
              "can you recommend something to read?", "we use salesforce")
HANDOFF = "can I talk to a person"


@dataclass
class Sample:
    at: float  # seconds since the measured part began (negative during warm-up)
    rss_mib: dict[str, float]
    open_files: dict[str, int]
    db_connections: int


@dataclass
class SoakResult:
    profile: str
    minutes: float
    samples: list[Sample] = field(default_factory=list)
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (at, ms)
    errors: Counter = field(default_factory=Counter)
    conversations: int = 0
    handoffs: int = 0


def _conversation(rng: random.Random) -> list[str]:
    goal, challenge = rng.choice(TOPICS)
    length = rng.randint(8, 12)
    said = [rng.choice(OPENERS), goal, challenge]
    said += [rng.choice(FOLLOW_UPS) for _ in range(length - len(said))]
    if rng.random() < 0.1:
        said[-1] = HANDOFF
    return said


def _process_label(pid: int) -> str:
    argv = command_line(pid).split()
    module = next((part.rsplit(".", 1)[-1] for part in argv if part.startswith("bot.runtime.")), None)
    return module or (Path(argv[0]).name if argv else str(pid))


def _tree(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        found.append(current)
        frontier.extend(children(current))
    return found


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _open_files(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def _db_connections(database_url: str, engine) -> int:
    """Server connections to the database (PostgreSQL); for SQLite, none exist: 0."""
    if not database_url.startswith("postgresql"):
        return 0
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                           "current_database()")).scalar() or 0) - 1  # not this one


def _sample(stack: RunningStack, at: float, engine) -> Sample:
    """Each service process (by label and pid) with its RSS and open files; PostgreSQL and nginx counted as one
    process group each (their workers come and go)."""
    rss: dict[str, float] = {}
    files: dict[str, int] = {}
    for pid in _tree(stack.pid):
        label = "supervisor" if pid == stack.pid else _process_label(pid)
        key = label if label in ("postgres", "nginx") else f"{label} ({pid})"
        rss[key] = rss.get(key, 0.0) + _rss_mib(pid)
        files[key] = files.get(key, 0) + _open_files(pid)
    return Sample(at, rss, files, _db_connections(stack.database_url, engine))


async def _visitor(session: aiohttp.ClientSession, stack: RunningStack, result: SoakResult, began: float,
                   deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        sender = stack.visitor(f"soak-{seed}-{result.conversations}-{rng.getrandbits(32):08x}")
        result.conversations += 1
        for message in _conversation(rng):
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                                        json={"sender": sender, "message": message}) as response:
                    await response.read()
                    if response.status != 200:
                        result.errors[f"HTTP {response.status}"] += 1
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                result.errors[type(error).__name__] += 1
                continue
            result.latencies.append((time.monotonic() - began, (time.perf_counter() - started) * 1000))
            result.handoffs += message == HANDOFF


async def _sampler(stack: RunningStack, result: SoakResult, began: float, deadline: float) -> None:
    engine = build_engine(stack.database_url)
    try:
        while time.monotonic() < deadline:
            result.samples.append(_sample(stack, time.monotonic() - began, engine))
            await asyncio.sleep(SAMPLE_SECONDS)
        result.samples.append(_sample(stack, time.monotonic() - began, engine))
    finally:
        engine.dispose()


async def soak(stack: RunningStack, profile: str, minutes: float) -> SoakResult:
    """`VISITORS` visitors with think time for `minutes` after a warm-up, sampled throughout."""
    result = SoakResult(profile, minutes)
    began = time.monotonic() + WARM_UP_SECONDS
    deadline = began + minutes * 60
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        await asyncio.gather(_sampler(stack, result, began, deadline),
                             *(_visitor(session, stack, result, began, deadline, seed) for seed in range(VISITORS)))
    return result


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per hour (0 with fewer than two)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread * 3600


def _process_rows(result: SoakResult) -> list[str]:
    measured = [s for s in result.samples if s.at >= 0]
    if not measured:
        return []
    first, last = measured[0], measured[-1]
    rows = []
    for key in sorted(last.rss_mib, key=lambda k: -last.rss_mib[k]):
        if last.rss_mib[key] < 5:  # helpers that only wait (runuser)
            continue
        points = [(s.at, s.rss_mib[key]) for s in measured if key in s.rss_mib]
        slope = slope_per_hour(points)
        verdict = "growing" if slope > GROWING_MIB_PER_HOUR else "flat"
        rows.append(f"| {result.profile} | {key} | {first.rss_mib.get(key, 0):.0f} | {last.rss_mib[key]:.0f} "
                    f"| {slope:+.1f} | {first.open_files.get(key, 0)} → {last.open_files.get(key, 0)} | {verdict} |")
    return rows


def _latency_row(result: SoakResult) -> str:
    measured = [(at, ms) for at, ms in result.latencies if at >= 0]
    end = max((at for at, _ in measured), default=0.0)
    early = [ms for at, ms in measured if at < DRIFT_WINDOW_SECONDS]
    late = [ms for at, ms in measured if at >= end - DRIFT_WINDOW_SECONDS]
    samples = [s for s in result.samples if s.at >= 0]
    connections = [s.db_connections for s in samples]
    errors = ", ".join(f"{kind}: {count}" for kind, count in result.errors.most_common()) or "0"
    return (f"| {result.profile} | {result.minutes:.0f} | {len(measured)} | {errors} | {result.conversations} "
            f"| {result.handoffs} | {percentile(early, 0.5):.0f} / {percentile(early, 0.95):.0f} "
            f"| {percentile(late, 0.5):.0f} / {percentile(late, 0.95):.0f} "
            f"| {(connections[0] if connections else 0)} → {(connections[-1] if connections else 0)} "
            f"(max {max(connections, default=0)}) |")


def render(results: list[SoakResult]) -> str:
    lines = [
        "## Soak (`make bench-soak`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores; load generator on the same machine. "
        f"{VISITORS} visitors think {THINK_SECONDS[0]:.0f}-{THINK_SECONDS[1]:.0f} s between messages, hold "
        "conversations of 8-12 messages (discovery, questions, what we know; one in ten ends asking for a "
        f"person), then start over as new visitors. A {WARM_UP_SECONDS / 60:.0f}-minute warm-up is not measured; "
        f"then every {SAMPLE_SECONDS:.0f} s each process's resident memory and open files are read from /proc, "
        "and the database's connections counted (PostgreSQL). A slope above "
        f"{GROWING_MIB_PER_HOUR:.0f} MiB/h over the run is called growing. `SOAK_MINUTES` sets the length.",
        "",
        "| profile | minutes | messages ok | errors | conversations | handoffs | first 5 min p50 / p95 ms "
        "| last 5 min p50 / p95 ms | DB connections |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
        *(_latency_row(result) for result in results),
        "",
        "| profile | process | RSS start MiB | RSS end MiB | slope MiB/h | open files | verdict |",
        "|---|---|---:|---:|---:|---|---|",
        *(row for result in results for row in _process_rows(result)),
    ]
    return "\n".join(lines)


def run_soak_benchmark(minutes: float = MINUTES) -> str:
    """Soak each profile in turn, write the report section, and return it."""
    model = train()
    results: list[SoakResult] = []
    for profile, start in PROFILES.items():
        with tempfile.TemporaryDirectory() as tmp, start(model, Path(tmp)) as stack:
            results.append(asyncio.run(soak(stack, profile, minutes)))
            print(_latency_row(results[-1]), flush=True)
    body = render(results)
    replace_section("soak", body)
    return body
