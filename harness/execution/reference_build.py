"""Building a reference posterior: a long NumPyro NUTS run (lengthened until the ESS bar is met),
cross-checked by a PyMC run, written where ``harness/quality/reference.py`` loads it."""
from __future__ import annotations

import math
import shlex
import sys
import time
from pathlib import Path
from typing import Callable

from harness.execution.process import RunSpec, execute
from harness.quality.agreement import agreement
from harness.quality.reference import (CROSS_CHECK_METHOD, ESS_BAR, REFERENCE_DIR, REFERENCE_DRAWS, REFERENCE_METHOD,
                                       RHAT_BAR, bar_failures, load_reference, reference_draws_path, reference_path)
from harness.records.config import RunConfig
from harness.records.draws import read_draws, thin_draws, write_draws
from harness.records.schema import RunRecord
from harness.records.store import write_json
from harness.records.text import format_number
from models import catalog


def _enough_draws(record: RunRecord, draws: int) -> int:
    """Draws per chain expected to lift the minimum bulk ESS over the bar, with 30% to spare."""
    ess = max(record.ess_bulk_min or 1.0, 1.0)
    return int(math.ceil(draws * 1.3 * ESS_BAR / ess / 100.0) * 100)


def build_reference(name: str, config: RunConfig, runs_dir: Path | str, ref_dir: Path | str = REFERENCE_DIR,
                    cross_check: RunConfig | None = None, max_draws: int = 100_000,
                    log: Callable[[str], None] = print) -> dict:
    """Compute, check and store the reference of ``name``; return what was written.

    The NumPyro run is repeated with more draws (up to ``max_draws`` per chain) while the ESS
    bar is not met. A posterior with ``reference_from`` copies that posterior's reference,
    building it first when missing.
    """
    entry = catalog.get(name)
    started = time.time()
    if entry.reference_from:
        source = load_reference(entry.reference_from, ref_dir)
        if source is None:
            source = build_reference(entry.reference_from, config, runs_dir, ref_dir, cross_check, max_draws, log)
        reference = {**source, "posterior": name, "reference_from": entry.reference_from,
                     "options": entry.model_options(),
                     "note": f"{name} is hard by design; its reference is that of the equivalent {entry.reference_from}"}
        _write(reference, name, ref_dir)
        return reference
    draws = config.draws
    while True:
        run_config = RunConfig(**{**config.to_dict(), "draws": draws})
        log(f"{name}: {REFERENCE_METHOD} {run_config.chains} chains x {draws} draws ...")
        record = execute(RunSpec(name, REFERENCE_METHOD, run_config, save_draws=True), runs_dir)
        failures = bar_failures(record)
        log(f"{name}: {record.status}, min ESS {format_number(record.ess_bulk_min, '{:.0f}')}, "
            f"R-hat {format_number(record.rhat_max, '{:.4f}')}, "
            f"divergences {record.divergences}")
        if not record.ok or not any(r.startswith("min bulk ESS") for r in failures) or draws >= max_draws:
            break
        draws = min(_enough_draws(record, draws), max_draws)
    check = cross_check or RunConfig(draws=2000, tune=1000, chains=4, seed=config.seed + 1,
                                     target_accept=config.target_accept, timeout=config.timeout)
    reference = {
        "posterior": name,
        "reference_from": None,
        "options": entry.model_options(),
        "method": REFERENCE_METHOD,
        "config": record.config,
        "meets_bar": not failures,
        "bar": {"rhat_below": RHAT_BAR, "ess_bulk_above": ESS_BAR, "divergences": 0},
        "bar_failures": failures,
        "diagnostics": {"rhat_max": record.rhat_max, "ess_bulk_min": record.ess_bulk_min,
                        "ess_tail_min": record.ess_tail_min, "divergences": record.divergences,
                        "timings": record.timings},
        "summary": {k: v for k, v in record.summary.items()},
        "versions": record.versions,
        "machine": record.machine,
        "command": " ".join(shlex.quote(a) for a in ["twinbench", *sys.argv[1:]]) if sys.argv else "",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if record.ok and record.extra.get("draws_file"):
        write_draws(thin_draws(read_draws(record.extra["draws_file"]), REFERENCE_DRAWS),
                    reference_draws_path(name, ref_dir))
        reference["draws_file"] = reference_draws_path(name, ref_dir).name
        reference["draws_note"] = f"{REFERENCE_DRAWS} draws thinned evenly from all chains of the run, as one chain"
    if record.ok:
        log(f"{name}: cross-check with {CROSS_CHECK_METHOD} ...")
        pymc_record = execute(RunSpec(name, CROSS_CHECK_METHOD, check), runs_dir)
        reference["cross_check"] = {
            "method": CROSS_CHECK_METHOD, "config": check.to_dict(), "status": pymc_record.status,
            "divergences": pymc_record.divergences, "rhat_max": pymc_record.rhat_max,
            "agreement": agreement(pymc_record.summary, record.summary) if pymc_record.ok else None,
        }
        log(f"{name}: cross-check {pymc_record.status}, agrees: "
            f"{(reference['cross_check']['agreement'] or {}).get('agrees')}")
    reference["wall_seconds"] = time.time() - started
    _write(reference, name, ref_dir)
    return reference


def _write(reference: dict, name: str, ref_dir: Path | str) -> None:
    write_json(reference, reference_path(name, ref_dir))
