"""How many twinbench runs share this host: the ``harness.execution.worker`` process groups alive now, read from /proc.

Each run's worker leads its own process group (``execute`` starts it in a new session); its
watchdog and chain processes sit in that group, so counting group leaders whose command line is
``-m harness.execution.worker`` counts runs, whichever sweep, executor or user started them. One sample
reads ``/proc/<pid>/stat`` of every process and the command line of group leaders only: a few
milliseconds, taken once a second while a run goes on.
"""
from __future__ import annotations

import os

MARKER = b"-m\x00harness.worker\x00"


def _is_run_leader(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        if int(fields[2]) != pid:  # not the leader of its process group
            return False
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return MARKER in handle.read()
    except (OSError, IndexError, ValueError):
        return False


def other_runs(own_pid: int) -> int | None:
    """The number of twinbench runs on this host besides the one led by ``own_pid``; None without /proc."""
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return None
    return sum(1 for pid in pids if pid != own_pid and _is_run_leader(pid))
