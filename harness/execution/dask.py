"""The Dask executor, client side: submit a sweep's runs to a cluster and write what comes back.

Without an address (argument or ``$DASK_SCHEDULER_ADDRESS``) it starts a ``LocalCluster`` here,
its workers one thread each and declaring ``bench=1``; with one it connects to that cluster.
Each run is one task (``harness.execution.dask_task.run_on_worker``), so a run keeps its own
process, timeout and process-group kill. Placement:

- a timed run (the default) needs a worker with the ``bench`` resource and takes the host's
  timed-run lock (``host_lock``): one timed run per host at a time, however many workers share it;
- with ``pack`` (correctness sweeps: SBC, agreement calibration) runs need no ``bench`` slot and
  take no lock, so a host runs as many as its workers have threads;
- a ``--device gpu`` run needs a worker with the ``GPU`` resource; with none on the cluster it is
  recorded at once as ``unsupported: no GPU worker`` (likewise a timed run with no ``bench`` worker).

Faults: a run whose worker dies (SIGKILL, OOM, lost node) is rescheduled by the scheduler up to
its ``distributed.scheduler.allowed-failures`` (default 3), then recorded as failed; an exception
in the task machinery itself is retried ``retries`` times. A run that fails on its own (exception,
timeout) comes back as a record like any other and is never retried. Records, logs and draws
files are written here, atomically, as each run completes.
"""
from __future__ import annotations

import logging
import os
import time
import uuid
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Callable, Iterator

from harness.execution.process import RunSpec
from harness.execution.executor import Executor, ExecutorError
from harness.execution.dask_task import run_on_worker
from harness.records.schema import RunRecord, failed, unsupported
from harness.records.store import write_atomic, write_record

BENCH = "bench"  # worker resource: may run timed runs
GPU = "GPU"  # worker resource: has a GPU
RETRIES = 2
CONNECT_SECONDS = 10.0
WORKER_WAIT_SECONDS = 60.0
NO_WORKER = {
    GPU: "no GPU worker",
    BENCH: "no worker with the bench resource (start workers with --resources bench=1, or pass --pack "
           "for a correctness sweep)",
}


def resources_for(spec: RunSpec, pack: bool) -> dict:
    """The worker resources one run of ``spec`` holds: ``GPU`` for GPU runs, else ``bench`` unless packed."""
    if spec.config.device == "gpu":
        return {GPU: 1}
    return {} if pack else {BENCH: 1}


def land(result: dict, out_dir: Path) -> RunRecord:
    """Write a run's returned files and record under ``out_dir`` (draws and log first, the record last)."""
    record = RunRecord.from_dict(result["record"])
    out_dir = Path(out_dir)
    if result.get("draws") is not None:
        path = out_dir / "draws" / f"{record.run_id}.npz"
        write_atomic(path, lambda handle: handle.write(result["draws"]), binary=True)
        record.extra["draws_file"] = str(path)
    else:
        record.extra.pop("draws_file", None)
    if result.get("log") is not None:
        path = out_dir / "logs" / f"{record.run_id}.log"
        write_atomic(path, lambda handle: handle.write(result["log"]), binary=True)
        if "log" in record.extra:
            record.extra["log"] = str(path)
    record.extra["dask"] = {key: result.get(key)
                            for key in ("host", "worker", "started", "seconds", "lock_wait_s", "exclusive")}
    write_record(record, out_dir)
    return record


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or ["no detail"])[0][:200]


def _record_without_run(spec: RunSpec, status: str, out_dir: Path, note: dict) -> RunRecord:
    from harness.records.environment import library_versions

    record = RunRecord(posterior=spec.posterior, method=spec.method, config=spec.config.to_dict(),
                       device=spec.config.device, status=status, versions=library_versions())
    record.extra["dask"] = note
    write_record(record, out_dir)
    return record


class DaskExecutor(Executor):
    """Runs a sweep on a Dask cluster: a LocalCluster started here, or an existing one at ``scheduler``."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, pack: bool = False, workers: int | None = None,
                 retries: int = RETRIES, connect_seconds: float = CONNECT_SECONDS):
        self.scheduler = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        if workers is not None and workers < 1:
            raise ValueError(f"--workers must be >= 1, got {workers}")
        if workers is not None and self.scheduler:
            raise ValueError("--workers sizes a LocalCluster started here; a cluster at --scheduler (or $DASK_SCHEDULER_ADDRESS) has its own workers")
        self.pack, self.workers, self.retries, self.connect_seconds = pack, workers, retries, connect_seconds
        self._client = self._cluster = None

    def _local_workers(self, specs: list[RunSpec]) -> int:
        """LocalCluster size: 1 for timed runs (the host runs one at a time anyway), cores ÷ chains when packed."""
        if self.workers is not None:
            return self.workers
        if not self.pack:
            return 1
        return max(1, (os.cpu_count() or 1) // max(spec.config.chains for spec in specs))

    def connect(self, specs: list[RunSpec] = ()):
        """The client, connecting (or starting a LocalCluster sized for ``specs``) on first use."""
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout=self.connect_seconds)
            except ValueError as error:
                raise ExecutorError(f"bad Dask scheduler address {self.scheduler!r}: {_first_line(error)}") from None
            except Exception as error:
                raise ExecutorError(f"cannot reach the Dask scheduler at {self.scheduler} within "
                                    f"{self.connect_seconds:.0f} s ({type(error).__name__}: {_first_line(error)})") from None
            try:
                self._client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
            except Exception:
                self.close()
                raise ExecutorError(f"no Dask worker joined the scheduler at {self.scheduler} within "
                                    f"{WORKER_WAIT_SECONDS:.0f} s") from None
            return self._client
        self._cluster = LocalCluster(n_workers=self._local_workers(list(specs)), threads_per_worker=1, processes=True,
                                     resources={BENCH: 1}, memory_limit=0, dashboard_address=None,
                                     silence_logs=logging.ERROR)
        self._client = Client(self._cluster)
        return self._client

    def worker_resources(self) -> dict:
        """Worker address -> the resources it declares, as the scheduler knows them now."""
        info = self.connect().scheduler_info(n_workers=-1)
        return {address: dict(worker.get("resources") or {}) for address, worker in info["workers"].items()}

    def close(self) -> None:
        """Close the client, and the LocalCluster when this executor started one (its workers and runs end)."""
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def run(self, specs: list[RunSpec], out_dir: Path, log: Callable[[str], None],
            started: Callable[[int], None] = lambda position: None) -> Iterator[tuple[int, RunRecord, float]]:
        """Submit every spec, then yield ``(position, record, seconds)`` in the order runs complete."""
        if not specs:
            return
        from distributed import KilledWorker, as_completed

        out_dir = Path(out_dir)
        client = self.connect(specs)
        address = client.scheduler.address
        offered = self.worker_resources()
        refused, futures, batch = [], {}, uuid.uuid4().hex[:8]
        for position, spec in enumerate(specs):
            needs = resources_for(spec, self.pack)
            missing = [name for name, amount in needs.items()
                       if not any(resources.get(name, 0) >= amount for resources in offered.values())]
            if missing:
                refused.append((position, spec, NO_WORKER.get(missing[0], f"no worker with the {missing[0]} resource")))
                continue
            future = client.submit(run_on_worker, spec, not self.pack, resources=needs or None, retries=self.retries,
                                   priority=-position, pure=False,
                                   key=f"twinbench-{batch}-{position}-{spec.posterior}-{spec.method}")
            futures[future] = position
        if futures:
            log(f"dask: {len(futures)} run(s) submitted to {address} ({len(offered)} worker(s); "
                + ("packed: several runs per host" if self.pack else "timed: one run per host at a time") + ")")
        for position, spec, reason in refused:
            yield position, _record_without_run(spec, unsupported(reason), out_dir, {"scheduler": address}), 0.0
        submitted = time.time()
        try:
            for future in as_completed(list(futures)):
                position = futures.pop(future)
                try:
                    result = future.result()
                except KilledWorker as error:  # the run's worker died allowed-failures + 1 times
                    record = _record_without_run(specs[position], failed(f"dask: {error}".splitlines()[0][:500]),
                                                 out_dir, {"scheduler": address})
                    yield position, record, time.time() - submitted
                except CancelledError:
                    raise ExecutorError(f"the Dask scheduler at {address} cancelled the sweep's runs (scheduler lost "
                                        "or restarted); finish it with --resume") from None
                except Exception as error:  # the task machinery failed retries + 1 times
                    record = _record_without_run(specs[position],
                                                 failed(f"dask task: {type(error).__name__}: {error}".splitlines()[0][:500]),
                                                 out_dir, {"scheduler": address})
                    yield position, record, time.time() - submitted
                else:
                    yield position, land(result, out_dir), result["seconds"]
        finally:
            if futures:  # interrupted: nothing should go on running for a client that stopped listening
                client.cancel(list(futures))
