"""Peak resident memory of the supervisor and its services, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path

from bot.runtime.process_tree import service_pids


def peak_rss_mib(pid: int) -> float:
    """VmHWM (the high-water mark of resident memory) of `pid`, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_by_service(supervisor_pid: int) -> dict[str, float]:
    """Peak RSS of the supervisor and each service it started, keyed by service module."""
    result = {"supervisor": peak_rss_mib(supervisor_pid)}
    result.update({name: peak_rss_mib(pid) for name, pid in service_pids(supervisor_pid).items()})
    return result
