"""Runs each run in its own process with a timeout; a crash or timeout is recorded, never raised."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from harness.records.config import RunConfig
from harness.records.environment import library_versions, machine_info
from harness.execution.host_runs import other_runs
from harness.records.schema import STATUS_TIMEOUT, RunRecord, failed
from harness.records.store import read_record, record_path, write_record

HOST_RUNS_KEY = "host_concurrent_runs"  # record.extra: most other twinbench runs on the host while it ran
HOST_SAMPLE_SECONDS = 1.0
SPEC_PREFIX = "twinbench-spec-"  # the worker's spec file in the temporary folder, removed when the run ends


@dataclass(frozen=True)
class RunSpec:
    """One cell of a sweep."""

    posterior: str
    method: str
    config: RunConfig
    save_draws: bool = False
    user_model: dict | None = None  # a user's model (models.user_model.UserModel.source) instead of a catalog entry

    def label(self) -> str:
        """``posterior × method`` for progress lines."""
        return f"{self.posterior} x {self.method}"


def _failure_reason(log_path: Path, returncode: int | None) -> str:
    """Why a worker left no record: the signal that killed it, else the last line it logged."""
    if returncode is not None and returncode < 0:
        name = signal.Signals(-returncode).name
        hint = " (out of memory? the kernel's OOM killer sends SIGKILL)" if name == "SIGKILL" else ""
        return f"worker killed by {name}{hint}"
    lines = [l.strip() for l in log_path.read_text(errors="replace").splitlines() if l.strip()]
    return lines[-1][:500] if lines else "worker exited without a record"


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the worker's process group (it leads one) and reap the worker."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _wait(process: subprocess.Popen, deadline: float) -> tuple[bool, int | None]:
    """Wait for the worker until ``deadline`` (then kill its group); whether it timed out, and the most
    other runs seen on this host meanwhile (sampled once a second; None where /proc is absent)."""
    beside = other_runs(process.pid)
    while True:
        remaining = deadline - time.time()
        if remaining <= 0:
            _kill_group(process)
            return True, beside
        try:
            process.wait(timeout=min(HOST_SAMPLE_SECONDS, remaining))
            return False, beside
        except subprocess.TimeoutExpired:
            now = other_runs(process.pid)
            beside = now if beside is None else max(beside, now or 0)


def execute(spec: RunSpec, out_dir: Path | str) -> RunRecord:
    """Run ``spec`` in a fresh Python process and return its record (also written under ``out_dir``).

    The worker's output goes to ``<out_dir>/logs/<run id>.log``. On timeout the whole process
    group (PyMC's chain processes included) is killed and a ``timeout`` record written. Every
    record gets ``extra["host_concurrent_runs"]``: the most other twinbench runs (from any sweep)
    seen on this host while it ran, sampled once a second (0: it ran alone).
    """
    out_dir = Path(out_dir)
    logs = out_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:12]
    blank = RunRecord(posterior=spec.posterior, method=spec.method, config=spec.config.to_dict(),
                      device=spec.config.device, run_id=run_id)
    expected = record_path(blank, out_dir)
    log_path = logs / f"{run_id}.log"
    process = spec_path = None
    start = time.time()
    try:  # the spec file goes on every way out: a finished or failed worker, an exception, SIGINT, SIGTERM
        handle, spec_path = tempfile.mkstemp(prefix=SPEC_PREFIX, suffix=".json")  # (the CLI turns SIGTERM
        with os.fdopen(handle, "w") as spec_file:  # into SystemExit, so this try's finally runs then too)
            json.dump({"posterior": spec.posterior, "method": spec.method, "config": spec.config.to_dict(),
                       "out_dir": str(out_dir), "run_id": run_id, "save_draws": spec.save_draws,
                       "user_model": spec.user_model, "sweep_pid": os.getpid()}, spec_file)
        with open(log_path, "w") as log:
            process = subprocess.Popen([sys.executable, "-m", "harness.execution.worker", spec_path],
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            timed_out, beside = _wait(process, start + spec.config.timeout)
    except BaseException:
        if process is not None and process.poll() is None:  # interrupted: the worker's group goes too
            _kill_group(process)
        raise
    finally:
        if spec_path is not None:
            try:
                os.unlink(spec_path)
            except FileNotFoundError:
                pass
    if expected.exists():
        record = read_record(expected)
        record.extra[HOST_RUNS_KEY] = beside
        write_record(record, out_dir)
        return record
    blank.extra[HOST_RUNS_KEY] = beside
    blank.status = STATUS_TIMEOUT if timed_out else failed(_failure_reason(log_path, process.returncode))
    blank.timings = {"total": time.time() - start}
    blank.versions = library_versions()
    blank.machine = machine_info()
    blank.extra["log"] = str(log_path)
    write_record(blank, out_dir)
    return blank
