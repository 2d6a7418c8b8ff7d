"""One timed run per host at a time: an exclusive ``flock`` on a file in the host's temporary folder.

Every Dask worker process on a host takes the same lock before a timed run, so two workers
(or two clusters) on one machine never time runs side by side. The kernel drops the lock when
its holder dies, SIGKILL included, so a lost worker never leaves the host locked. The scope is
what shares the temporary folder: one machine, or one container (on Kubernetes, pods on the same
node each have their own; mount one host path at ``TWINBENCH_HOST_LOCK``'s folder to share it).
"""
from __future__ import annotations

import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

POLL_SECONDS = 0.2


def lock_path() -> Path:
    """The host's lock file: ``$TWINBENCH_HOST_LOCK``, else ``<tmp>/twinbench-timed-run.lock``."""
    return Path(os.environ.get("TWINBENCH_HOST_LOCK") or Path(tempfile.gettempdir()) / "twinbench-timed-run.lock")


@contextmanager
def host_slot(exclusive: bool = True, cancelled: Callable[[], bool] = lambda: False) -> Iterator[float]:
    """Hold the host's timed-run lock (when ``exclusive``) for the block; yields the seconds waited.

    Polls rather than blocks, so a run whose task was ``cancelled()`` meanwhile gives up with
    ``RunCancelled`` instead of running for nobody.
    """
    if not exclusive:
        yield 0.0
        return
    start = time.time()
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # flock needs no write access, so other users on the host can share a file one of them made
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if cancelled():
                    raise RunCancelled("cancelled while waiting for the host's timed-run lock") from None
                time.sleep(POLL_SECONDS)
        yield time.time() - start
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


class RunCancelled(Exception):
    """The run's task was cancelled before it started."""
