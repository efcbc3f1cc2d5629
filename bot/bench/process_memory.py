"""Peak resident memory of the supervisor and its services, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path

from bot.runtime.process_tree import children, command_line, service_pids


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


def largest_peak_rss(supervisor_pid: int) -> tuple[str, float]:
    """The process (supervisor or any service it started) with the highest peak RSS, and that peak in MiB."""
    peaks = {"supervisor": peak_rss_mib(supervisor_pid)}
    for child in children(supervisor_pid):
        argv = command_line(child).split()
        label = next((part.rsplit(".", 1)[-1] for part in argv if part.startswith("bot.runtime.")),
                     Path(argv[0]).name if argv else str(child))
        peaks[f"{label} (pid {child})"] = peak_rss_mib(child)
    name = max(peaks, key=peaks.__getitem__)
    return name, peaks[name]
