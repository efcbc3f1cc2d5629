"""Reads the process tree from /proc (Linux): a process's children and their command lines."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    """The direct children of `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def service_pids(supervisor_pid: int) -> dict[str, int]:
    """The supervisor's services by module name, e.g. {"action_server": 123, "rasa_server": 124}."""
    services = {}
    for child in children(supervisor_pid):
        name = next((part.rsplit(".", 1)[-1] for part in command_line(child).split()
                     if part.startswith("bot.runtime.")), None)
        if name:
            services[name] = child
    return services
