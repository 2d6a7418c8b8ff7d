"""One run in its own process: ``python -m harness.execution.worker SPEC.json``.

The spec names the posterior, method, config, output folder, run id and the sweep's pid (a
watchdog kills the worker's process group if the sweep dies). The worker selects
JAX's platform before anything imports JAX, runs the method and writes the record atomically;
an exception becomes a ``failed`` record. Timeouts are the parent's business (see executor).
"""
from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path


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

    from harness import methods
    from harness.records.environment import library_versions, machine_info
    from harness.records.schema import RunRecord, failed
    from harness.records.store import write_record
    from models import catalog

    draws = {}
    try:
        posterior = catalog.get(spec["posterior"])
        method = methods.get(spec["method"])
        data = posterior.load_data(config.size)
        record = method.run(posterior, data, config, run_id=spec["run_id"], draws_out=draws)
    except Exception as error:  # a failed run is data, not a crash of the sweep
        traceback.print_exc()
        record = RunRecord(posterior=spec["posterior"], method=spec["method"], config=config.to_dict(),
                           device=config.device, run_id=spec["run_id"],
                           status=failed(f"{type(error).__name__}: {error}".splitlines()[0][:500]),
                           versions=library_versions(), machine=machine_info())
        record.extra["traceback"] = traceback.format_exc()
    from harness.records.draws import write_draws
    from harness.quality.reference import agreement_with_reference, kl_to_reference

    try:  # a run's record is kept even when comparing it with the reference fails
        record.agreement = agreement_with_reference(record)
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
