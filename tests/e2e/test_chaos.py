"""Chaos on the scaled profile: 50 visitors chat (40 on REST, 10 on socket.io long-polling, all retrying an
unanswered message under the same message id, as the widget does) while a Rasa server, an action server, Redis,
PostgreSQL and a web worker are killed or stopped one at a time. Afterwards: every message that got a 2xx (or a
socket.io acknowledgement) is in its visitor's conversation exactly once and in order, every error was an
apology, no conversation holds another visitor's words, sockets got the replies meant for them, and each handoff
notified the team exactly once. Runs in CI's PostgreSQL pass; the counts go to docs/BENCHMARKS.md."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
import uuid
from collections import Counter

import pytest

from bot.db.engine import session_scope
from bot.db.migrate import upgrade_database
from bot.db.models import Handoff
from bot.runtime.local_backends import throwaway_postgres
from bot.runtime.process_tree import children, command_line
from bot.runtime.stack_process import UNLIMITED_CHAT, start_stack
from tests.support.databases import SERVER_URL_VARIABLE
from tests.support.receivers import webhook_server
from tests.support.restartable_redis import RestartableRedis
from tests.support.retrying_visitor import (
    MAX_ATTEMPTS,
    RETRY_SECONDS,
    Tally,
    conversation_defects,
    rest_visitor,
    visitor_words,
)
from tests.support.socket_visitor import SocketVisitor
from tests.support.waiting import wait_for

pytestmark = [
    pytest.mark.e2e, pytest.mark.db,
    pytest.mark.skipif(not os.environ.get(SERVER_URL_VARIABLE), reason="the scaled profile needs PostgreSQL"),
]
REST_VISITORS, SOCKET_VISITORS = 40, 10
SCRIPT = ("hi", "we want to automate our customer onboarding", "it is all manual spreadsheets", "yes",
          "I run operations", "about 40 people", "next quarter", "thanks")
HANDOFF = "can I talk to a person"


def _texts(code: str, handoff: bool) -> list[str]:
    return [*SCRIPT, HANDOFF] if handoff else list(SCRIPT)


async def _socket_visitor(stack, code: str, tally: Tally, stop: threading.Event) -> None:
    """Like the widget: one session id kept across reconnects; an unacknowledged message is sent again with the
    same id; the replies to each message must reach this visitor."""
    token = stack.visitor(code)  # the conversation is named after the visitor, as a returning widget's would be
    visitor: SocketVisitor | None = None
    index = 0
    while index < len(SCRIPT) or not stop.is_set():
        text = f"{SCRIPT[index % len(SCRIPT)]} [{code} m{index}]"
        index += 1
        message_id = uuid.uuid4().hex
        for _ in range(MAX_ATTEMPTS):
            try:
                if visitor is None or not visitor.client.connected:
                    if visitor is not None:
                        await visitor.close()
                    visitor = SocketVisitor()
                    token = await visitor.connect(stack.rasa_url, token)
                acknowledged = await visitor.client.call(
                    "user_uttered", {"message": text, "session_id": token, "message_id": message_id}, timeout=60)
            except Exception:  # a server killed under the socket: reconnect and send again
                acknowledged = None
                if visitor is not None:
                    await visitor.close()
                visitor = None
            if acknowledged is True:
                tally.acknowledged.append(text)
                try:
                    await visitor.next_message(30)
                except asyncio.TimeoutError:
                    tally.replies_missing.append(f"{text} at {time.strftime('%H:%M:%S')}")
                break
            await asyncio.sleep(RETRY_SECONDS)
        else:
            tally.unanswered.append(text)
        await asyncio.sleep(0.3)
    if visitor is not None:
        await visitor.close()


def _service_pids(supervisor_pid: int, module: str) -> list[int]:
    return [pid for pid in children(supervisor_pid) if f"bot.runtime.{module}" in command_line(pid)]


def _kill_one(stack, module: str) -> None:
    victim = _service_pids(stack.pid, module)[0]
    os.kill(victim, signal.SIGKILL)
    assert wait_for(lambda: victim not in _service_pids(stack.pid, module)
                    and len(_service_pids(stack.pid, module)) == 2, 60), f"{module} was not restarted"


def _faults(stack, postgres, redis, log: list[str]) -> None:
    """One fault at a time, each given time to hurt and to heal."""
    steps = (
        ("kill -9 a Rasa server", lambda: _kill_one(stack, "rasa_server")),
        ("kill -9 an action server", lambda: _kill_one(stack, "action_server")),
        ("stop Redis for 5 s", lambda: (redis.stop(), time.sleep(5), redis.start())),
        ("stop PostgreSQL for 5 s", lambda: (postgres.stop(), time.sleep(5), postgres.start())),
        ("kill -9 a web worker", lambda: _kill_one(stack, "web_server")),
    )
    for name, fault in steps:
        time.sleep(6)
        started = time.monotonic()
        at = time.strftime("%H:%M:%S")
        fault()
        log.append(f"{name} at {at} (healed in {time.monotonic() - started:.0f} s)")


def test_visitors_lose_nothing_while_parts_die(trained_model, tmp_path):
    redis = RestartableRedis()
    redis.start()
    try:
        with throwaway_postgres() as postgres, webhook_server() as (hook_url, notified):
            upgrade_database(postgres.url)
            env = {**UNLIMITED_CHAT, "REDIS_URL": redis.server.url, "NOTIFY_WEBHOOK_URL": hook_url}
            with start_stack(trained_model, postgres.url, tmp_path, env, scaled=True) as stack:
                report = _chaos(stack, postgres, redis)
                wait_for(lambda: len(notified) >= report["handoffs"], 60)  # _check says what is missing
                time.sleep(3)  # a duplicate would arrive within the worker's next rounds
                report["notifications"] = dict(Counter(json.dumps(n, sort_keys=True) for n in notified))
                _check(stack, report)
    finally:
        redis.stop()


def _chaos(stack, postgres, redis) -> dict:
    tallies = {f"r{n:02d}": Tally() for n in range(REST_VISITORS)} | \
              {f"s{n:02d}": Tally() for n in range(SOCKET_VISITORS)}
    handoffs = {code for index, code in enumerate(tallies) if code.startswith("r") and index % 8 == 0}
    stop = threading.Event()  # visitors chat until the last fault has healed (one pass for those handed off)
    threads = [threading.Thread(target=rest_visitor, args=(stack, code, _texts(code, code in handoffs), tally,
                                                           None if code in handoffs else stop))
               for code, tally in tallies.items() if code.startswith("r")]

    async def sockets() -> None:
        await asyncio.gather(*(_socket_visitor(stack, code, tally, stop)
                               for code, tally in tallies.items() if code.startswith("s")))

    threads.append(threading.Thread(target=lambda: asyncio.run(sockets())))
    faults: list[str] = []
    chaos = threading.Thread(target=_faults, args=(stack, postgres, redis, faults))
    started = time.monotonic()
    for thread in [*threads, chaos]:
        thread.start()
    chaos.join(timeout=600)
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join(timeout=900)
    return {"tallies": tallies, "handoffs": len(handoffs), "faults": faults,
            "seconds": round(time.monotonic() - started)}


def _check(stack, report: dict) -> None:
    tallies: dict[str, Tally] = report["tallies"]
    defects: Counter = Counter()
    repeated: list[str] = []
    for code, tally in tallies.items():
        defects.update(conversation_defects(stack, code, tally))
        said = Counter(visitor_words(stack, code))
        repeated += [text for text, count in said.items() if count > 1]
    with session_scope(stack.database_url) as session:
        handoffs = session.query(Handoff).count()
    sent = sum(len(t.acknowledged) + len(t.unanswered) for t in tallies.values())
    summary = {
        "faults": report["faults"], "seconds": report["seconds"], "messages sent": sent,
        "acknowledged": sum(len(t.acknowledged) for t in tallies.values()),
        "apologised": sum(t.apologised for t in tallies.values()),
        "asked to say it again": sum(t.asked_again for t in tallies.values()),
        "unanswered": sum(len(t.unanswered) for t in tallies.values()), **{key: defects[key] for key in (
            "lost", "duplicated", "out_of_order", "phantom", "foreign")},
        "repeated texts": repeated[:10],
        "socket replies missing": [text for t in tallies.values() for text in t.replies_missing][:10],
        "unexplained errors": [e for t in tallies.values() for e in t.unexplained][:10],
        "handoffs": handoffs, "notifications": sum(report["notifications"].values()),
        "notifications repeated": sum(count - 1 for count in report["notifications"].values()),
    }
    print("chaos:", json.dumps(summary, indent=1))
    assert len(report["faults"]) == 5, summary
    assert summary["acknowledged"] == sent and summary["unanswered"] == 0, summary
    assert sum(defects.values()) == 0, summary
    assert summary["unexplained errors"] == [] and summary["socket replies missing"] == [], summary
    assert handoffs == report["handoffs"] == summary["notifications"], summary
    assert summary["notifications repeated"] == 0, summary
