"""Sweep executors: how a sweep's runs reach a machine.

``local`` runs them one at a time on this machine (the default); ``dask`` sends them to a Dask
cluster (a ``LocalCluster`` started here, or an existing one by address). Either way each run
goes through ``harness.execution.process.execute`` (its own process, its timeout, its process group), and
the record lands in the sweep's records folder on this machine. ``harness.execution.sweep.run_sweep``
decides what to run (resume) and prints progress; an executor only runs.
"""
from __future__ import annotations

from harness.execution.executor import EXECUTORS, Executor, ExecutorError  # noqa: F401  (the contract, re-exported)


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
