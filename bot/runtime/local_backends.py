"""PostgreSQL and Redis from Debian's packages, run by the project itself for the scaled profile.

`make run-scaled` keeps their data under var/ (created on first use, passwords from .env); tests run
throwaway ones in temporary folders. Both listen on loopback only and require a password.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.runtime.ports import free_port, wait_for_port
from bot.settings import child_environment

POSTGRES_USER = "leadbot"
POSTGRES_DATABASE = "leadbot"
# PostgreSQL refuses to run as root; when we are root, it runs as Debian's `postgres` user.
_SYSTEM_USER = "postgres"


def _postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return versions[-1]


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", _SYSTEM_USER, "--", *argv] if os.geteuid() == 0 else argv


@dataclass(frozen=True)
class LocalPostgres:
    """A PostgreSQL cluster in `data_dir`, on 127.0.0.1:`port`, with password authentication."""

    data_dir: Path
    port: int
    password: str

    @property
    def url(self) -> str:
        return (f"postgresql://{POSTGRES_USER}:{urllib.parse.quote(self.password, safe='')}"
                f"@127.0.0.1:{self.port}/{POSTGRES_DATABASE}")

    @property
    def cluster_dir(self) -> Path:
        return self.data_dir / "cluster"

    def initialise(self) -> None:
        """Create the cluster and its database once; later calls do nothing."""
        if (self.cluster_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data_dir, _SYSTEM_USER, _SYSTEM_USER)
        with tempfile.NamedTemporaryFile("w", dir=self.data_dir, delete=False) as password_file:
            password_file.write(self.password)
        if os.geteuid() == 0:
            shutil.chown(password_file.name, _SYSTEM_USER, _SYSTEM_USER)
        try:
            subprocess.run(_as_server_user([
                str(_postgres_bin() / "initdb"), f"--pgdata={self.cluster_dir}", f"--username={POSTGRES_USER}",
                f"--pwfile={password_file.name}", "--auth=scram-sha-256", "--encoding=UTF8"]),
                check=True, stdout=subprocess.DEVNULL)
        finally:
            os.unlink(password_file.name)
        self.start()
        try:
            subprocess.run(_as_server_user([
                str(_postgres_bin() / "createdb"), "--host=127.0.0.1", f"--port={self.port}",
                f"--username={POSTGRES_USER}", POSTGRES_DATABASE]),
                check=True, env=child_environment({"PGPASSWORD": self.password}))
        finally:
            self.stop()

    def server_argv(self) -> list[str]:
        """The foreground server command (what the supervisor runs)."""
        return _as_server_user([
            str(_postgres_bin() / "postgres"), "-D", str(self.cluster_dir), "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.data_dir}"])

    def start(self) -> None:
        """Start in the background and wait until it accepts connections (tests, first-time setup)."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data_dir}"
        subprocess.run(_as_server_user([
            str(_postgres_bin() / "pg_ctl"), f"--pgdata={self.cluster_dir}", f"--log={self.data_dir / 'server.log'}",
            "--wait", "-o", options, "start"]), check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        """Stop it now (fast mode: open connections are cut, as in an outage)."""
        subprocess.run(_as_server_user([
            str(_postgres_bin() / "pg_ctl"), f"--pgdata={self.cluster_dir}", "--mode=fast", "--wait", "stop"]),
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class LocalRedis:
    """A Redis server on 127.0.0.1:`port` with a password; nothing persisted (it only holds locks)."""

    data_dir: Path
    port: int
    password: str

    @property
    def url(self) -> str:
        return f"redis://:{urllib.parse.quote(self.password, safe='')}@127.0.0.1:{self.port}/0"

    def server_argv(self) -> list[str]:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("Redis is not installed: apt-get install redis-server")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # A config file (0600), so the password does not show in the process list.
        config = self.data_dir / "redis.conf"
        config.touch(mode=0o600)
        config.write_text(f"bind 127.0.0.1\nport {self.port}\nrequirepass \"{self.password}\"\n"
                          f"dir {self.data_dir}\nsave \"\"\nappendonly no\nprotected-mode yes\n")
        return [binary, str(config)]


@contextmanager
def throwaway_postgres() -> Iterator[LocalPostgres]:
    """A running PostgreSQL in a temporary folder on a free port, removed afterwards (tests, benchmarks)."""
    # Under /tmp, passable by others: the server runs as the `postgres` user when we are root.
    data_dir = Path(tempfile.mkdtemp(prefix="leadbot-pg-"))
    data_dir.chmod(0o711)
    server = LocalPostgres(data_dir / "pg", free_port(), secrets.token_hex(16))
    try:
        server.initialise()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def throwaway_redis() -> Iterator[LocalRedis]:
    """A running Redis in a temporary folder on a free port, stopped afterwards (tests, benchmarks)."""
    data_dir = Path(tempfile.mkdtemp(prefix="leadbot-redis-"))
    server = LocalRedis(data_dir, free_port(), secrets.token_hex(16))
    process = subprocess.Popen(server.server_argv(), stdout=subprocess.DEVNULL)
    try:
        wait_for_port(server.port)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)
