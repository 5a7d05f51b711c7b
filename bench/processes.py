"""What a benchmarked process and the processes it started (a server's compute workers) use, from ``/proc``.

Example:
    >>> import os
    >>> rss_mb(os.getpid()) > 0 and (cpu_seconds(os.getpid()) or 0.0) >= 0.0
    True
"""

from __future__ import annotations

import os
from pathlib import Path


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run (none when it has ended)."""
    try:
        return [
            int(child)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    """The resident memory of ``pid`` and every process it started, in MB.

    Raises:
        RuntimeError: ``pid`` does not run.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError as error:
        raise RuntimeError(f"no process {pid}") from error
    own = next(
        (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), None
    )
    if own is None:
        raise RuntimeError(f"no VmRSS for pid {pid}")
    total = own
    for child in children(pid):
        try:
            total += rss_mb(child)
        except RuntimeError:
            continue  # a worker that ended meanwhile
    return total


def cpu_seconds(pid: int | None) -> float | None:
    """The CPU time (user + system) ``pid`` and the processes it started have used; None when unknown."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(child) or 0.0 for child in children(pid))
