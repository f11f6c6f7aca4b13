"""CPU seconds and RSS of a server process (and its children) from /proc.

CPU is utime+stime of the process and of its live descendants, plus the
cutime+cstime the root has collected from children that already exited;
RSS is the sum of VmRSS over the same processes. Linux only; every read
tolerates a vanished process.
"""

from __future__ import annotations

import dataclasses
import os

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclasses.dataclass(frozen=True)
class Sample:
    cpu_s: float
    rss_kib: int


def parse_stat(text: str) -> tuple[int, float, float]:
    """(ppid, own cpu seconds, reaped children cpu seconds) from a /proc/PID/stat line."""
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    rest = text[text.rindex(")") + 2:].split()
    ppid = int(rest[1])
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return ppid, (utime + stime) / _TICKS, (cutime + cstime) / _TICKS


def parse_rss_kib(status_text: str) -> int:
    """VmRSS in KiB from /proc/PID/status (0 for kernel threads or zombies)."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def descendants(root: int) -> list[int]:
    """root and every live process below it."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        text = _read("/proc/%s/stat" % name)
        if text:
            children.setdefault(parse_stat(text)[0], []).append(int(name))
    found, todo = [], [root]
    while todo and len(found) < 10000:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def sample(root: int) -> Sample | None:
    """CPU and RSS now; None if the process is gone."""
    text = _read("/proc/%d/stat" % root)
    if text is None:
        return None
    cpu = parse_stat(text)[2]
    rss = 0
    for pid in descendants(root):
        stat = _read("/proc/%d/stat" % pid)
        if stat is not None:
            cpu += parse_stat(stat)[1]
        status = _read("/proc/%d/status" % pid)
        if status is not None:
            rss += parse_rss_kib(status)
    return Sample(cpu, rss)
