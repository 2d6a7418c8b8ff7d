"""Harness runs for the suites: the run configuration, the NUTS runs shared by the speed and quality
suites (one ``setup_cache`` per asv run), and the gradient floors of the installed checkout."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from .compat import floors_csv_paths, harness_name
from .sets import cells_of, params_of, skip_unless_selected

SEEDS = [0, 1, 2]
DRAWS = TUNE = 1000
CHAINS = 4
TARGET_ESS = 1000  # tracks per 1,000 effective draws: lower is better, as asv reads every number


def run_records(cells: list[tuple[str, str]], seeds=SEEDS, **config) -> list:
    """Run every (posterior, method) cell for every seed through the harness, as ``twinbench run`` does."""
    RunConfig, RunSpec, run_sweep = (harness_name(n) for n in ("RunConfig", "RunSpec", "run_sweep"))
    specs = [RunSpec(p, m, RunConfig(draws=DRAWS, tune=TUNE, chains=CHAINS, seed=seed, **config))
             for p, m in cells for seed in seeds]
    with tempfile.TemporaryDirectory() as out_dir:
        return run_sweep(specs, out_dir)


def gradient_floors() -> dict:
    """The committed gradient floors of the installed twinbench checkout (for the limit ratio)."""
    import harness

    root = Path(harness.__file__).resolve().parents[1]
    load_floors = harness_name("load_floors")
    for path in floors_csv_paths(root):
        if path.exists():
            return load_floors(str(path))
    return {}


class NutsRuns:
    """Base of the NUTS suites: one shared ``setup_cache`` runs the NUTS grid once per asv run."""

    params = params_of("nuts")
    param_names = ["posterior", "method"]
    timeout = 7200
    rounds = 1  # tracks read the cached runs: more rounds would only cost processes
    version = "1"  # the history continues across edits of this file; bump when a number changes meaning

    def setup_cache(self):
        """Every selected cell x SEEDS through the harness: per cell, the per-seed metrics and statuses."""
        run_metrics = harness_name("run_metrics")
        floors = gradient_floors()
        results = {}
        for record in run_records(cells_of("nuts")):
            entry = results.setdefault((record.posterior, record.method), {"runs": [], "statuses": []})
            entry["statuses"].append(record.status)
            metrics = run_metrics(record, floors)
            if metrics is not None:
                agreement = record.agreement or {}
                metrics.update(max_z=agreement.get("max_z"), kl_max=agreement.get("kl_max"))
                entry["runs"].append(metrics)
        return results

    def setup(self, results, posterior, method):
        """This cell's runs; skipped when not selected, or when no seed gave a timed run."""
        skip_unless_selected("nuts", (posterior, method))
        entry = results.get((posterior, method))
        if not entry or not entry["runs"]:
            raise NotImplementedError(f"no timed run: {entry['statuses'] if entry else 'not run'}")
        self.runs = entry["runs"]

    def cell_median(self, metric: str, per_1000_ess: bool = False) -> float:
        """Median over seeds of one metric of this cell (NaN when no seed has it); with ``per_1000_ess``, of
        TARGET_ESS / metric (a rate made a cost; a zero rate, a timed-out run, costs infinity)."""
        values = [run[metric] for run in self.runs if run.get(metric) is not None]
        if per_1000_ess:
            values = [TARGET_ESS / value if value > 0 else float("inf") for value in values]
        return float(np.nanmedian(values)) if values else float("nan")
