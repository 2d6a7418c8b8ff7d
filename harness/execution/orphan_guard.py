"""A worker must not outlive the sweep that started it: a watchdog kills its process group if the sweep dies.

The worker is the leader of its own process group (the executor starts it in a new session),
so the group holds it and every process it starts (PyMC's chain processes, compile servers).
The watchdog is a process forked before any library is imported; it polls the worker's parent
and, once the sweep is gone (the worker was re-parented), kills the whole group, itself included.
It leaves quietly when the worker ends first.
"""
from __future__ import annotations

import os
import signal
import time

POLL_SECONDS = 0.25


def parent_of(pid: int) -> int | None:
    """The parent pid of ``pid`` (from /proc), or None when ``pid`` is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def guard_process_group(sweep_pid: int) -> None:
    """Fork a watchdog that kills this process's group when ``sweep_pid`` stops being its parent.

    Call first thing in the worker, before threads exist (it has no children yet, so when the sweep
    is already gone it simply exits). Does nothing where /proc is absent.
    """
    worker = os.getpid()
    if parent_of(worker) is None:
        return
    if os.getppid() != sweep_pid:  # the sweep died before the guard started: no one would read the record
        os._exit(1)
    if os.fork() != 0:
        return
    try:
        while True:
            time.sleep(POLL_SECONDS)
            if os.getppid() != worker:  # the worker ended: nothing to guard
                break
            if parent_of(worker) != sweep_pid:  # the sweep died: take the worker's group down
                os.killpg(os.getpgid(worker), signal.SIGKILL)
                break
    finally:
        os._exit(0)
