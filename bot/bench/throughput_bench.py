"""Throughput against stock Rasa, the cost of a message as a conversation grows, and SQL round trips per turn.

Stock Rasa is the starter bot `rasa init --no-prompt` makes (DIET + TED, no custom actions, in-memory
tracker), trained in a temporary folder and served on its own port twice: as installed, and with the setting the
product gives its own processes (bot/runtime/supervisor.py), so the ratio does not rest on that setting alone.
All are driven by the same closed-loop generator in the same run, one after the other, each alone on the machine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp

from bot.bench.bench_stack import default_profile_stack
from bot.bench.process_memory import peak_rss_by_service
from bot.bench.report_file import replace_section
from bot.bench.stats import percentile
from bot.db.statement_log import ENVIRONMENT_VARIABLE, read_statement_log
from bot.rasa_ext.model_training import train
from bot.runtime.ports import answers_ok, free_port
from bot.runtime.stack_process import RunningStack
from bot.runtime.supervisor import SERVICE_ENVIRONMENT_DEFAULTS
from bot.settings import child_environment

VISITORS = 10
SECONDS = 30
ROUNDS = 2  # each system is measured this many times, alternating, so a slow moment does not favour one
REQUEST_TIMEOUT_SECONDS = 60
SWEEP_REPEATS = 3
STOCK = "stock Rasa 3.6 starter bot"
STOCK_ONE_THREAD = "stock Rasa 3.6 starter bot, one BLAS thread"
# A full discovery conversation: goal, what's in the way, confirmation, role, size, timeline, then goodbye.
DISCOVERY = (
    "hi",
    "we want to automate our customer onboarding",
    "it's all manual and slow, everything is in spreadsheets",
    "yes, that's right",
    "I'm the head of customer success",
    "about 50 people",
    "within the next quarter",
    "thanks",
    "bye",
)
# After discovery the visitor keeps asking, in a cycle, so message n and message n + 6 say the same thing.
# (No pricing question: its answer offers a person, and a yes would hand the chat to a rep.)
FOLLOW_UP_CYCLE = (
    "does it integrate with hubspot?",
    "is my data stored in the EU?",
    "thanks",
    "how long does setup take?",
    "do I need to know how to code?",
    "what are your support hours?",
)
SWEEP_LENGTH = 30
SWEEP_SCRIPT = DISCOVERY[:-1] + tuple(FOLLOW_UP_CYCLE[i % len(FOLLOW_UP_CYCLE)]
                                      for i in range(SWEEP_LENGTH - len(DISCOVERY) + 1))

NewSender = Callable[[aiohttp.ClientSession], Awaitable[str]]


@dataclass
class Throughput:
    system: str
    samples: list[float]
    errors: Counter
    seconds: float

    @property
    def ok(self) -> int:
        return len(self.samples)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        return percentile(self.samples, fraction)

    def __add__(self, other: Throughput) -> Throughput:
        return Throughput(self.system, self.samples + other.samples, self.errors + other.errors,
                          self.seconds + other.seconds)


async def _say(session: aiohttp.ClientSession, url: str, sender: str, message: str) -> float:
    """Send one message; its latency in ms (raises on an error answer)."""
    started = time.perf_counter()
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}) as reply:
        await reply.read()
        if reply.status != 200:
            raise RuntimeError(f"HTTP {reply.status}")
    return (time.perf_counter() - started) * 1000


async def _closed_loop(url: str, new_sender: NewSender, visitors: int, seconds: float, system: str) -> Throughput:
    """`visitors` visitors, each sending its next message as soon as the last one is answered."""
    samples: list[float] = []
    errors: Counter = Counter()

    async def visitor(session: aiohttp.ClientSession, deadline: float) -> None:
        while time.monotonic() < deadline:
            sender = await new_sender(session)
            for message in DISCOVERY:
                if time.monotonic() >= deadline:
                    return
                try:
                    samples.append(await _say(session, url, sender, message))
                except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError) as error:
                    errors[str(error) or type(error).__name__] += 1

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        await visitor(session, time.monotonic() + 5)  # warm-up, not counted
        samples.clear()
        errors.clear()
        started = time.monotonic()
        await asyncio.gather(*(visitor(session, started + seconds) for _ in range(visitors)))
        elapsed = time.monotonic() - started
    return Throughput(system, list(samples), Counter(errors), elapsed)


async def _sweep(url: str, new_sender: NewSender, visitors: int) -> list[float]:
    """Median latency of message n (n = 1..SWEEP_LENGTH) over visitors talking at the same time."""
    by_position: list[list[float]] = [[] for _ in SWEEP_SCRIPT]

    async def visitor(session: aiohttp.ClientSession) -> None:
        sender = await new_sender(session)
        for position, message in enumerate(SWEEP_SCRIPT):
            by_position[position].append(await _say(session, url, sender, message))

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        for _ in range(SWEEP_REPEATS):  # 10 visitors once gave one sample of GC or a checkpoint as a position's cost
            await asyncio.gather(*(visitor(session) for _ in range(visitors)))
    return [statistics.median(samples) for samples in by_position]


def _product_sender(stack: RunningStack) -> NewSender:
    async def new_sender(session: aiohttp.ClientSession) -> str:
        async with session.post(f"{stack.rasa_url}/webhooks/rest/visitor") as issued:
            return (await issued.json())["sender"]
    return new_sender


async def _random_sender(_session: aiohttp.ClientSession) -> str:
    return uuid.uuid4().hex


def starter_project(tmp: Path) -> Path:
    """Rasa's starter bot (`rasa init --no-prompt`), trained in `tmp`."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    subprocess.run([rasa, "init", "--no-prompt", "--init-dir", str(tmp)], cwd=tmp, env=child_environment(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tmp


@contextmanager
def starter_bot(project: Path, environment: dict[str, str] | None = None) -> Iterator[str]:
    """The trained starter bot served on a free loopback port, with `environment` added to its own."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    port = free_port()
    with (project / f"rasa-{port}.log").open("wb") as log:
        process = subprocess.Popen([rasa, "run", "--interface", "127.0.0.1", "--port", str(port),
                                    "--model", "models"], cwd=project, env=child_environment(environment),
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_until_answering(url: str, process: subprocess.Popen, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the starter bot exited before answering")
        if answers_ok(url, timeout=5):
            return
        time.sleep(0.5)
    raise RuntimeError(f"the starter bot did not answer in {timeout_s:.0f} s")


@dataclass
class SqlPerTurn:
    """What one visitor turn costs the database, over a whole conversation."""

    turns: int
    by_kind: Counter  # "<process> <kind>" -> count, kind: begin, execute, executemany, commit
    most_statements: int

    def per_turn(self, *kinds: str) -> float:
        return sum(count for key, count in self.by_kind.items() if key.split(" ")[1] in kinds) / self.turns


def _sql_per_turn(stack: RunningStack, log_path: Path) -> SqlPerTurn:
    """Transactions, statements and commits per visitor turn over one sweep conversation, in every process."""
    async def one_conversation() -> list[int]:
        statements = []
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            sender = await _product_sender(stack)(session)
            for message in SWEEP_SCRIPT:
                before = read_statement_log(str(log_path))
                await _say(session, stack.rasa_url, sender, message)
                await asyncio.sleep(0.05)  # let any write still in flight finish before counting
                turn = read_statement_log(str(log_path))[len(before):]
                statements.append(sum(kind.startswith("execute") for _, kind, _ in turn))
        return statements

    start = len(read_statement_log(str(log_path)))
    statements = asyncio.run(one_conversation())
    kinds = Counter(f"{process} {kind}" for process, kind, _ in read_statement_log(str(log_path))[start:])
    return SqlPerTurn(len(statements), kinds, max(statements))


def _render(rounds: dict[str, list[Throughput]], sweeps: dict[str, list[float]], sql: SqlPerTurn,
            ready_s: float, memory: dict[str, float]) -> str:
    product, stock, tuned = (sum(results[1:], results[0]) for results in rounds.values())
    ratio = product.per_second / stock.per_second if stock.per_second else 0.0
    tuned_ratio = product.per_second / tuned.per_second if tuned.per_second else 0.0
    lines = [
        "## Throughput, conversation length and SQL (`make bench`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores, generator on the same machine. "
        f"{VISITORS} closed-loop visitors for {SECONDS} s per system and round, {ROUNDS} rounds alternating, "
        "one system at a time (the others idle). Each visitor holds "
        f"the full {len(DISCOVERY)}-message discovery conversation, then starts over as a new visitor (the "
        "product's visitors ask for a visitor id first). The product runs its default profile (embedded "
        "SQLite, custom actions writing to SQL); stock Rasa is `rasa init --no-prompt` (DIET + TED, no "
        "custom actions, in-memory tracker), served as installed and once more with the one setting the product "
        f"gives its own processes ({_settings(SERVICE_ENVIRONMENT_DEFAULTS)}: numpy's matrix library on one "
        "thread, bot/runtime/supervisor.py).",
        "",
        "| system | messages ok | errors | msg/s | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in (product, stock, tuned):
        errors = ", ".join(f"{kind}: {count}" for kind, count in result.errors.most_common()) or "0"
        lines.append(f"| {result.system} | {result.ok} | {errors} | {result.per_second:.1f} "
                     f"| {result.percentile_ms(0.5):.0f} | {result.percentile_ms(0.95):.0f} |")
    per_round = "; ".join(f"{name} " + ", ".join(f"{r.per_second:.1f}" for r in results)
                          for name, results in rounds.items())
    lines += ["", f"Throughput ratio, product / stock Rasa: **{ratio:.2f}x** (goal ≥ 3x; msg/s by round: {per_round}). "
              f"Against stock Rasa with the same setting as the product: **{tuned_ratio:.2f}x**. "
              f"Product p95 at {VISITORS} visitors: **{product.percentile_ms(0.95):.0f} ms** (goal < 150 ms).", ""]
    one, many = sweeps["1 visitor"], sweeps[f"{VISITORS} visitors"]
    lines += [
        f"Cost of message n in one {SWEEP_LENGTH}-message conversation (discovery, then questions in a "
        f"cycle of {len(FOLLOW_UP_CYCLE)}): median ms, one visitor alone ({SWEEP_REPEATS} conversations) and "
        f"{VISITORS} visitors at once ({SWEEP_REPEATS} rounds).",
        "",
        "| n | message | 1 visitor | " + f"{VISITORS} visitors |",
        "|---:|---|---:|---:|",
    ]
    lines += [f"| {n + 1} | {SWEEP_SCRIPT[n]} | {one[n]:.1f} | {many[n]:.1f} |" for n in range(SWEEP_LENGTH)]
    cycle = len(FOLLOW_UP_CYCLE)
    first, last = slice(len(DISCOVERY) - 1, len(DISCOVERY) - 1 + cycle), slice(SWEEP_LENGTH - cycle, SWEEP_LENGTH)
    lines += [
        "",
        f"- Message 30 / message 3, one visitor: **{one[29] / one[2]:.2f}**; {VISITORS} visitors: "
        f"**{many[29] / many[2]:.2f}** (goal: within 20%).",
        f"- The same {cycle} questions asked at messages {first.start + 1}-{first.stop} and again at "
        f"{last.start + 1}-{last.stop}, later / earlier: one visitor **{sum(one[last]) / sum(one[first]):.2f}**, "
        f"{VISITORS} visitors **{sum(many[last]) / sum(many[first]):.2f}**.",
        "",
    ]
    lines += [
        f"SQL per visitor turn over one {SWEEP_LENGTH}-message conversation, counted from SQLAlchemy's events in "
        "every process: units of work (a transaction, or a read outside one) "
        f"**{sql.per_turn('begin'):.2f}** (goal ≤ 2); statements sent **{sql.per_turn('execute', 'executemany'):.2f}**"
        f" (most in one turn: {sql.most_statements}); commits **{sql.per_turn('commit'):.2f}**.",
        "",
        "| process | kind | count |",
        "|---|---|---:|",
    ]
    lines += [f"| {key.split(' ')[0]} | {key.split(' ')[1]} | {count} |" for key, count in sorted(sql.by_kind.items())]
    lines += [
        "",
        f"- Start until all three services answer: **{ready_s:.1f} s** (goal ≤ 8 s).",
        f"- Rasa server peak RSS: **{memory.get('rasa_server', 0):.0f} MiB** (goal ≤ 400 MiB); "
        + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in sorted(memory.items()) if name != "rasa_server") + ".",
    ]
    return "\n".join(lines)


def _settings(environment: dict[str, str]) -> str:
    return ", ".join(f"`{name}={value}`" for name, value in environment.items())


def run_throughput_benchmark() -> str:
    """Measure both systems, write the report section, and return it."""
    model = train()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for folder in ("counted", "started", "timed", "starter"):
            (tmp_path / folder).mkdir()
        # Statements are counted on a stack of their own: writing the log would slow the timed runs.
        log_path = tmp_path / "statements.log"
        os.environ[ENVIRONMENT_VARIABLE] = str(log_path)
        try:
            with default_profile_stack(model, tmp_path / "counted") as stack:
                sql = _sql_per_turn(stack, log_path)
        finally:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        # Start-up alone, nothing else running (includes migrating the new, empty SQLite database: well under 1 s).
        started = time.perf_counter()
        with default_profile_stack(model, tmp_path / "started"):
            ready_s = time.perf_counter() - started
        project = starter_project(tmp_path / "starter")
        with (default_profile_stack(model, tmp_path / "timed") as stack, starter_bot(project) as stock_url,
              starter_bot(project, SERVICE_ENVIRONMENT_DEFAULTS) as tuned_url):
            new_sender = _product_sender(stack)
            sweeps = {"1 visitor": asyncio.run(_sweep(stack.rasa_url, new_sender, 1)),
                      f"{VISITORS} visitors": asyncio.run(_sweep(stack.rasa_url, new_sender, VISITORS))}
            rounds: dict[str, list[Throughput]] = {"product": [], "stock": [], "stock, one thread": []}
            for _ in range(ROUNDS):  # one system at a time; the others wait idle
                rounds["product"].append(asyncio.run(
                    _closed_loop(stack.rasa_url, new_sender, VISITORS, SECONDS, "this product")))
                rounds["stock"].append(asyncio.run(
                    _closed_loop(stock_url, _random_sender, VISITORS, SECONDS, STOCK)))
                rounds["stock, one thread"].append(asyncio.run(
                    _closed_loop(tuned_url, _random_sender, VISITORS, SECONDS, STOCK_ONE_THREAD)))
            memory = peak_rss_by_service(stack.pid)
    body = _render(rounds, sweeps, sql, ready_s, memory)
    replace_section("throughput", body)
    return body
