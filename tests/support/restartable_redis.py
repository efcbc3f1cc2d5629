"""A Redis a test can stop and start again on the same port and password (an outage, then recovery)."""

from __future__ import annotations

import secrets
import subprocess
import tempfile
from pathlib import Path

from bot.runtime.local_backends import LocalRedis
from bot.runtime.ports import free_port, wait_for_port


class RestartableRedis:
    """A Redis this test can stop and start again on the same port and password."""

    def __init__(self) -> None:
        self.server = LocalRedis(Path(tempfile.mkdtemp(prefix="leadbot-redis-outage-")), free_port(),
                                 secrets.token_hex(16))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.server.server_argv(), stdout=subprocess.DEVNULL)
        wait_for_port(self.server.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
