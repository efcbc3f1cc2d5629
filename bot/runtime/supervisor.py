"""Runs the product's processes together: prefixed logs, readiness, restarts, clean stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from bot.paths import PROJECT_ROOT
from bot.runtime.ports import answers_ok, port_is_open
from bot.settings import Settings, child_environment

READY_TIMEOUT_SECONDS = 300
STOP_TIMEOUT_SECONDS = 15
# A service that dies is restarted; one that dies this often within the window is given up on.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 120
LOG_PREFIX_WIDTH = 9
# numpy's OpenBLAS starts a worker thread per core that spins (sched_yield) after every matrix product. The
# products here are small (one message against the intents), so the spinning only took a core from the other
# processes: profiled at half of the Rasa process's CPU under load. An operator's own setting wins.
SERVICE_ENVIRONMENT_DEFAULTS = {"OPENBLAS_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Service:
    """One child process and the URL that answers once it is ready."""

    name: str
    argv: list[str]
    health_url: str  # http(s)://… answering 200, or tcp://host:port accepting connections
    env: dict[str, str] = field(default_factory=dict)


def project_services(settings: Settings, model_path: str | None = None) -> list[Service]:
    """The three processes that make up the product on one machine (the default profile)."""
    python = sys.executable
    rasa_argv = [python, "-m", "bot.runtime.rasa_server"] + (["--model", model_path] if model_path else [])
    return [
        Service("actions", [python, "-m", "bot.runtime.action_server"], f"{settings.action_url}/health"),
        Service("rasa", rasa_argv, f"{settings.rasa_url}/"),
        Service("web", [python, "-m", "bot.runtime.web_server"], f"{settings.web_url}/healthz"),
    ]


def _answers(url: str) -> bool:
    if url.startswith("tcp://"):
        host, _, port = url.removeprefix("tcp://").rpartition(":")
        return port_is_open(int(port), host)
    return answers_ok(url)


def _relay(prefix: str, stream: IO[bytes]) -> None:
    for raw in iter(stream.readline, b""):
        sys.stdout.write(f"[{prefix}] {raw.decode('utf-8', 'replace').rstrip()}\n")
        sys.stdout.flush()


def service_environment(service: Service) -> dict[str, str]:
    """The environment a service runs in: this process's, the service's own, then the defaults above."""
    env = child_environment(service.env)
    for name, value in SERVICE_ENVIRONMENT_DEFAULTS.items():
        env.setdefault(name, value)
    return env


class Supervisor:
    """Starts services in stages, waits until each answers, restarts those that die, stops them all."""

    def __init__(self) -> None:
        self.services: list[Service] = []
        self.processes: list[subprocess.Popen] = []
        self._restarts: dict[str, list[float]] = {}
        self._stopping = threading.Event()

    def _spawn(self, service: Service) -> subprocess.Popen:
        process = subprocess.Popen(
            service.argv, cwd=PROJECT_ROOT, env=service_environment(service),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        threading.Thread(target=_relay, args=(service.name.ljust(LOG_PREFIX_WIDTH), process.stdout),
                         daemon=True).start()
        return process

    def start(self, services: list[Service]) -> None:
        """Start `services` (a stage); earlier stages keep running."""
        for service in services:
            self.services.append(service)
            self.processes.append(self._spawn(service))
            self._restarts[service.name] = []

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        deadline = time.monotonic() + timeout
        pending = list(zip(self.services, self.processes, strict=True))
        while pending and time.monotonic() < deadline and not self._stopping.is_set():
            for service, process in list(pending):
                if process.poll() is not None:
                    print(f"[supervisor] {service.name} exited with code {process.returncode} "
                          "before it was ready", flush=True)
                    return False
                if _answers(service.health_url):
                    pending.remove((service, process))
            time.sleep(0.5)
        return not pending

    def watch(self) -> int:
        """Restart services that die until a stop is requested; give up on one that keeps dying."""
        while not self._stopping.is_set():
            for index, (service, process) in enumerate(zip(self.services, self.processes, strict=True)):
                if process.poll() is None:
                    continue
                now = time.monotonic()
                recent = [t for t in self._restarts[service.name] if t > now - RESTART_WINDOW_SECONDS]
                if len(recent) >= MAX_RESTARTS:
                    print(f"[supervisor] {service.name} keeps exiting (code {process.returncode}); "
                          "stopping everything", flush=True)
                    return process.returncode or 1
                print(f"[supervisor] {service.name} exited with code {process.returncode}; restarting it",
                      flush=True)
                self._restarts[service.name] = recent + [now]
                self.processes[index] = self._spawn(service)
            self._stopping.wait(0.5)
        return 0

    @property
    def stop_requested(self) -> bool:
        return self._stopping.is_set()

    def request_stop(self, *_signal_args: object) -> None:
        self._stopping.set()

    def stop(self) -> None:
        # Last started, first stopped: the app goes before the databases it writes to.
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_services(settings: Settings, stages: list[list[Service]],
                 before_each_stage: Callable[[int], None] | None = None) -> int:
    """Run the stages in order (each ready before the next) until Ctrl-C; return the exit code.

    `before_each_stage(index)`, if given, runs before stage `index` starts (e.g. database migrations).
    """
    supervisor = Supervisor()
    signal.signal(signal.SIGINT, supervisor.request_stop)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    try:
        for index, stage in enumerate(stages):
            if before_each_stage is not None:
                before_each_stage(index)
            supervisor.start(stage)
            if not supervisor.wait_until_ready():
                if supervisor.stop_requested:
                    return 0
                print("[supervisor] not every service became ready; stopping", flush=True)
                return 1
        print(
            "\n[supervisor] everything is up. Open:\n"
            f"  web app (website + widget): {settings.web_url}/\n"
            f"  Rasa REST channel:          {settings.rasa_url}/webhooks/rest/webhook\n"
            f"  Rasa HTTP API (token):      {settings.rasa_url}/status\n"
            f"  action server health:       {settings.action_url}/health\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        return supervisor.watch()
    finally:
        print("[supervisor] stopping all services", flush=True)
        supervisor.stop()
        print("[supervisor] stopped", flush=True)
