"""One run in its own process: ``python -m harness.execution.worker SPEC.json``.

The spec names the posterior, method, config, output folder, run id and the sweep's pid (a
watchdog kills the worker's process group if the sweep dies). The worker selects
JAX's platform and the run's compilation caches (``cache_modes``) before anything imports JAX,
PyTensor or Numba, runs the method and writes the record atomically, with the seconds from process start
to the method's call (``extra.startup_seconds``: imports, data) and the caches it found
(``extra.caches``); an exception becomes a ``failed`` record. Timeouts are the parent's business (see
executor).
"""
from __future__ import annotations

import json
import sys
import os
import time
import traceback
from pathlib import Path

import psutil


def main(spec_path: str) -> int:
    """Run the spec at ``spec_path``; always write a record. Returns the process exit code."""
    spec = json.loads(open(spec_path).read())
    if spec.get("sweep_pid"):
        from harness.execution.orphan_guard import guard_process_group

        guard_process_group(spec["sweep_pid"])
    from harness.records.config import RunConfig

    config = RunConfig.from_dict(spec["config"])
    from harness.execution.device import configure_jax

    configure_jax(config.device, config.chains)
    from harness.execution.cache_modes import apply_cache_mode

    after_run = apply_cache_mode(config.caches)  # before any library that compiles is imported

    from harness import methods
    from harness.records.caches import cache_use, snapshot
    from harness.records.environment import library_versions, machine_info
    from harness.records.schema import RunRecord, failed
    from harness.records.store import write_record
    from models import catalog
    from models.user_model import UserPosterior, from_source

    draws = {}
    caches_before = snapshot()
    try:
        posterior = (UserPosterior(from_source(spec["user_model"], spec["posterior"])) if spec.get("user_model")
                     else catalog.get(spec["posterior"]))
        method = methods.get(spec["method"])
        data = posterior.load_data(config.size)
        startup = time.time() - psutil.Process().create_time()  # process start to the method's call
        load_before = os.getloadavg()[0]
        record = method.run(posterior, data, config, run_id=spec["run_id"], draws_out=draws)
        record.extra["startup_seconds"] = startup
        # the host's 1-minute load average before and after the run: other work on the machine shows here
        record.extra["load_average"] = {"before": load_before, "after": os.getloadavg()[0], "cores": os.cpu_count()}
    except Exception as error:  # a failed run is data, not a crash of the sweep
        traceback.print_exc()
        record = RunRecord(posterior=spec["posterior"], method=spec["method"], config=config.to_dict(),
                           device=config.device, run_id=spec["run_id"],
                           status=failed(f"{type(error).__name__}: {error}".splitlines()[0][:500]),
                           versions=library_versions(), machine=machine_info())
        record.extra["traceback"] = traceback.format_exc()
    record.extra["caches"] = cache_use(caches_before, snapshot())  # which compilation caches were on and hit
    after_run()
    from harness.records.draws import write_draws
    from harness.quality.reference import agreement_with_reference, kl_to_reference

    try:  # a run's record is kept even when comparing it with the reference fails
        # (a user's model has no reference: its methods are judged against each other, harness/quality/consensus.py)
        record.agreement = None if spec.get("user_model") else agreement_with_reference(record)
        kl = kl_to_reference(record, draws)
        if kl:
            record.agreement.update(kl)
    except Exception as error:
        traceback.print_exc()
        record.extra["agreement_error"] = f"{type(error).__name__}: {error}".splitlines()[0][:500]
    if spec.get("save_draws") and draws:
        path = Path(spec["out_dir"]) / "draws" / f"{spec['run_id']}.npz"
        record.extra["draws_file"] = str(write_draws(draws, path))
    write_record(record, spec["out_dir"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
