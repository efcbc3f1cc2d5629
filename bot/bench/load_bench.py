"""Load runs (`make bench-load`): 10, 50 and 100 concurrent visitors for a fixed time on the default
profile (one of each service, embedded SQLite) and the scaled one (2+2+2 behind nginx, PostgreSQL, Redis)."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp

from bot.bench.bench_stack import default_profile_stack
from bot.bench.process_memory import largest_peak_rss
from bot.bench.report_file import replace_section
from bot.bench.stats import percentile
from bot.db.migrate import upgrade_database
from bot.rasa_ext.model_training import train
from bot.runtime.local_backends import throwaway_postgres, throwaway_redis
from bot.runtime.stack_process import UNLIMITED_CHAT, RunningStack, start_stack

VISITOR_LEVELS = (10, 50, 100)
SECONDS_PER_LEVEL = 30
REQUEST_TIMEOUT_SECONDS = 60
# Each visitor asks for a visitor id, then talks through discovery; a custom action writes to SQL.
SCRIPT = ("hi", "we want to automate our customer onboarding", "it's all manual and slow", "thanks", "bye")
# One address sends for every simulated visitor: lift the public chat's rate limits for the run.


@dataclass
class LoadResult:
    profile: str
    visitors: int
    seconds: float
    ok: int
    errors: Counter
    p50_ms: float
    p95_ms: float
    p99_ms: float
    largest_rss: tuple[str, float]

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


async def _visitor(session: aiohttp.ClientSession, rasa_url: str, deadline: float, samples: list[float],
                   errors: Counter) -> None:
    while time.monotonic() < deadline:
        try:
            async with session.post(f"{rasa_url}/webhooks/rest/visitor") as issued:
                sender = (await issued.json())["sender"]
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError) as error:
            errors[f"visitor id: {type(error).__name__}"] += 1
            continue
        for message in SCRIPT:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(f"{rasa_url}/webhooks/rest/webhook",
                                        json={"sender": sender, "message": message}) as response:
                    await response.read()
                    if response.status != 200:
                        errors[f"HTTP {response.status}"] += 1
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors[type(error).__name__] += 1
                continue
            samples.append((time.perf_counter() - started) * 1000)


async def load(stack: RunningStack, profile: str, visitors: int, seconds: float) -> LoadResult:
    """`visitors` concurrent scripted visitors against the public REST channel for `seconds`."""
    samples: list[float] = []
    errors: Counter = Counter()
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    started = time.monotonic()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(_visitor(session, stack.rasa_url, started + seconds, samples, errors)
                               for _ in range(visitors)))
    elapsed = time.monotonic() - started
    return LoadResult(profile, visitors, elapsed, len(samples), errors, percentile(samples, 0.50),
                      percentile(samples, 0.95), percentile(samples, 0.99), largest_peak_rss(stack.pid))



@contextmanager
def _scaled_profile(model: Path, tmp: Path) -> Iterator[RunningStack]:
    with throwaway_postgres() as postgres, throwaway_redis() as redis:
        upgrade_database(postgres.url)
        with start_stack(model, postgres.url, tmp, {**UNLIMITED_CHAT, "REDIS_URL": redis.url}, scaled=True) as stack:
            yield stack


PROFILES = {"default (SQLite)": default_profile_stack, "scaled (PostgreSQL + Redis)": _scaled_profile}


def _render(results: list[LoadResult]) -> str:
    lines = [
        "## Load (`make bench-load`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores; load generator on the same machine. "
        f"Each level runs {SECONDS_PER_LEVEL} s: every visitor gets a visitor id, then sends "
        f"{len(SCRIPT)} messages (discovery, with custom actions writing to SQL), then starts over as a new "
        "visitor. Latency is per message, over the public REST channel (through nginx in the scaled profile). "
        "Largest RSS is the highest peak resident memory of any one process so far.",
        "",
        "| profile | visitors | messages ok | errors | msg/s | p50 ms | p95 ms | p99 ms | largest RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        errors = ", ".join(f"{kind}: {count}" for kind, count in r.errors.most_common()) or "0"
        lines.append(f"| {r.profile} | {r.visitors} | {r.ok} | {errors} | {r.throughput:.1f} | {r.p50_ms:.0f} "
                     f"| {r.p95_ms:.0f} | {r.p99_ms:.0f} | {r.largest_rss[1]:.0f} MiB ({r.largest_rss[0]}) |")
    return "\n".join(lines)


def run_load_benchmark(seconds: float = SECONDS_PER_LEVEL) -> str:
    """Run every level on both profiles, write the report section, and return it."""
    model = train()
    results: list[LoadResult] = []
    for profile, start in PROFILES.items():
        with tempfile.TemporaryDirectory() as tmp, start(model, Path(tmp)) as stack:
            for visitors in VISITOR_LEVELS:
                results.append(asyncio.run(load(stack, profile, visitors, seconds)))
                print(_render(results).splitlines()[-1], flush=True)
    body = _render(results)
    replace_section("load", body)
    return body
