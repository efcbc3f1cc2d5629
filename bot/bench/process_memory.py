"""Peak resident memory of a process tree, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def peak_rss_mib(pid: int) -> float:
    """VmHWM (the high-water mark of resident memory) of `pid`, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_by_service(supervisor_pid: int) -> dict[str, float]:
    """Peak RSS of the supervisor and each service it started, keyed by service module."""
    result = {"supervisor": peak_rss_mib(supervisor_pid)}
    for child in _children(supervisor_pid):
        command = _command(child)
        name = next((part.rsplit(".", 1)[-1] for part in command.split() if part.startswith("bot.runtime.")),
                    command)
        result[name] = peak_rss_mib(child)
    return result
