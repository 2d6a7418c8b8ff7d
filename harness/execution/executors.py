"""Sweep executors: how a sweep's runs reach a machine.

``local`` runs them one at a time on this machine (the default); ``dask`` sends them to a Dask
cluster (a ``LocalCluster`` started here, or an existing one by address). Either way each run
goes through ``harness.execution.process.execute`` (its own process, its timeout, its process group), and
the record lands in the sweep's records folder on this machine. ``harness.execution.sweep.run_sweep``
decides what to run (resume) and prints progress; an executor only runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from harness.execution.process import RunSpec
    from harness.records.schema import RunRecord

EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """An executor cannot work (unreachable scheduler, no worker): reported as one line."""


class Executor:
    """Runs specs and yields ``(position, record, seconds)`` as each finishes, its record already written.

    Use it as a context manager (or call ``close``) to release what it started (a cluster).
    """

    name = "executor"

    def run(self, specs: list[RunSpec], out_dir: Path, log: Callable[[str], None],
            started: Callable[[int], None] = lambda position: None) -> Iterator[tuple[int, RunRecord, float]]:
        """Run every spec; yield each one's position in ``specs``, its record and its wall seconds.

        ``started(position)`` is called when a run starts, where the executor knows it.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor started; it may be used again afterwards (it starts afresh)."""

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def get_executor(name: str = "local", scheduler: str | None = None, pack: bool = False,
                 workers: int | None = None) -> Executor:
    """The executor called ``name``: ``local``, or ``dask`` (see ``harness.execution.dask.DaskExecutor``).

    ``scheduler`` (an address; default ``$DASK_SCHEDULER_ADDRESS``, else a LocalCluster of
    ``workers`` processes), ``pack`` (let several runs share a host: correctness sweeps only)
    and ``workers`` apply to ``dask``. Raises ValueError on an unknown name or an option that
    the local executor does not take.
    """
    if name == "local":
        if scheduler or pack or workers is not None:
            raise ValueError("--scheduler, --pack and --workers need --executor dask")
        from harness.execution.local import LocalExecutor

        return LocalExecutor()
    if name == "dask":
        from harness.execution.dask import DaskExecutor

        return DaskExecutor(scheduler=scheduler, pack=pack, workers=workers)
    raise ValueError(f"unknown executor {name!r}; choose from: {', '.join(EXECUTORS)}")
