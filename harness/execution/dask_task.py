"""The Dask task of one run, worker side: take the host's timed-run slot, run the spec, send everything back.

The run goes through ``harness.execution.process.execute`` in a temporary folder of the worker (its own
process, timeout and process-group kill, as on the local executor). The record, its log and its
draws file (when ``save_draws``) travel back as a dict of plain values and bytes, so the client
writes them and no filesystem needs to be shared. The folder is removed afterwards.
"""
from __future__ import annotations

import socket
import tempfile
import time
from pathlib import Path

from harness.execution.process import RunSpec, execute
from harness.execution.host_lock import host_slot


def _task_cancelled() -> bool:
    """Whether the Dask task running in this thread was cancelled (its client released it); False outside Dask."""
    try:
        from distributed import get_worker
        from distributed.worker import thread_state

        task = get_worker().state.tasks.get(thread_state.key)
        return task is None or task.state == "cancelled"
    except Exception:  # not inside a Dask task, or a distributed without these internals
        return False


def _worker_address() -> str | None:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:
        return None


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def run_on_worker(spec: RunSpec, exclusive: bool = True) -> dict:
    """Run ``spec`` here (alone on the host when ``exclusive``); the record dict, its log and draws as bytes.

    Returns ``{"record", "log", "draws", "started", "seconds", "host", "worker", "lock_wait_s", "exclusive"}``
    (``started``: epoch seconds when the run began, after the host lock).
    """
    with host_slot(exclusive, cancelled=_task_cancelled) as waited:
        with tempfile.TemporaryDirectory(prefix="twinbench-run-") as folder:
            start = time.time()
            record = execute(spec, folder)
            seconds = time.time() - start
            draws = record.extra.get("draws_file")
            return {"record": record.to_dict(),
                    "log": _read(Path(folder) / "logs" / f"{record.run_id}.log"),
                    "draws": _read(Path(draws)) if draws else None,
                    "started": start, "seconds": seconds, "host": socket.gethostname(), "worker": _worker_address(),
                    "lock_wait_s": round(waited, 3), "exclusive": exclusive}
