"""What every asv suite shares: the benchmark sets, the run configuration, and the NUTS runs.

Three sets (``TWINBENCH_ASV_SET``): ``full`` (the default, ``make bench``, <= 20 minutes here),
``presubmit`` (``make bench-quick``, the committed history and the ``make bench-check`` gate, <= 5
minutes) and ``exhaustive`` (``make bench-exhaustive``: every NUTS method on every representative
posterior, and the harness overhead, ~50 minutes here). A set gives each suite its parameter grid (``params_of``) and the NUTS
cells it leaves out of that grid (``SKIPPED``); the smaller sets are corners of the larger ones,
so a cell has one history whichever set measured it, and asv spends no process on cells a set does
not run. Suites a set leaves out are not defined under it. NUTS runs
go through the harness, one process each, as ``twinbench run`` does, once per asv run in a
``setup_cache`` shared by the speed and quality suites (NutsRuns).
"""
import itertools
import os
import statistics
import tempfile
from pathlib import Path

SMALL, FUNNEL = "eight_schools-noncentered", "eight_schools-centered"
REGRESSION, LARGE = "linreg_sim-linear_regression", "streamrec_events-hierarchical_logit"  # LARGE: 10^4 events
NUTS_POSTERIORS = [SMALL, FUNNEL, REGRESSION, LARGE]
NUTS_METHODS = ["pymc.default", "pymc.nuts", "pymc.nuts_c", "pymc.nutpie", "pymc.nutpie_lowrank",
                "pymc.nutpie_jax", "pymc.numpyro", "pymc.blackjax", "numpyro.nuts", "numpyro.blackjax"]
DEFAULT_NUTS = ["pymc.default", "numpyro.nuts"]  # what each library's users get
GRADIENT_BACKENDS = ["pytensor_numba", "pytensor_c", "pymc_jax", "numpyro_jax"]
VI_METHODS = ["pymc.advi", "pymc.fullrank_advi", "numpyro.svi", "numpyro.svi_mvn"]
MINIBATCH_METHODS = ["pymc.advi_minibatch", "numpyro.svi_minibatch", "numpyro.hmcecs"]
OVERHEAD_METHODS = ["pymc.nutpie", "numpyro.nuts"]
SEEDS = [0, 1, 2]
DRAWS = TUNE = 1000
CHAINS = 4

GRIDS = {
    "presubmit": {
        "nuts": ([SMALL, REGRESSION], DEFAULT_NUTS),
        "gradients": ([SMALL, REGRESSION], ["pytensor_numba", "numpyro_jax"]),
    },
    "full": {  # every NUTS engine on the funnel, the defaults everywhere (SKIPPED)
        "nuts": (NUTS_POSTERIORS, NUTS_METHODS),
        "gradients": (NUTS_POSTERIORS, GRADIENT_BACKENDS),
        "vi": ([REGRESSION], VI_METHODS),
        "minibatch": ([LARGE], MINIBATCH_METHODS),
    },
}
# the full grids, no cell left out, and the harness overhead (3.5 of the 27 minutes the full set took
# with it; `twinbench overhead` is its full table)
GRIDS["exhaustive"] = {**GRIDS["full"], "overhead": ([SMALL], OVERHEAD_METHODS)}
# Variants of an engine the funnel already runs (PyMC's NUTS on the C backend; nutpie's low-rank mass
# matrix and its JAX backend): in the exhaustive set, out of the full one to keep `make bench` <= 20 minutes.
ENGINE_VARIANTS = ["pymc.nuts_c", "pymc.nutpie_lowrank", "pymc.nutpie_jax"]
SKIPPED = {  # per set and suite: cells of the suite's grid that the set does not run
    "presubmit": {},
    "full": {
        "nuts": {(p, m) for p in NUTS_POSTERIORS for m in NUTS_METHODS
                 if m not in DEFAULT_NUTS and (p != FUNNEL or m in ENGINE_VARIANTS)},
        "minibatch": {(LARGE, "numpyro.hmcecs")},  # ~1.5 minutes; `twinbench study minibatch` runs it
    },
    "exhaustive": {},
}


def active_set() -> str:
    """``full``, ``presubmit`` or ``exhaustive``, from TWINBENCH_ASV_SET."""
    name = os.environ.get("TWINBENCH_ASV_SET", "full")
    if name not in GRIDS:
        raise ValueError(f"TWINBENCH_ASV_SET must be one of {', '.join(GRIDS)}, not {name!r}")
    return name


def params_of(suite: str) -> tuple | None:
    """The active set's parameter grid of ``suite`` (None: the set leaves the suite out)."""
    return GRIDS[active_set()].get(suite)


def cells_of(suite: str) -> list[tuple]:
    """The cells of ``suite`` that the active set runs."""
    grid = params_of(suite) or ([],)
    skipped = SKIPPED[active_set()].get(suite, set())
    return [cell for cell in itertools.product(*grid) if cell not in skipped]


def skip_unless_selected(suite: str, cell: tuple) -> None:
    """asv's way to skip a parameter combination: NotImplementedError in ``setup``."""
    if cell not in cells_of(suite):
        raise NotImplementedError(f"{cell} is not in the {active_set()} set")


def run_records(cells: list[tuple[str, str]], seeds=SEEDS, **config) -> list:
    """Run every (posterior, method) cell for every seed through the harness; the records."""
    from harness.records.config import RunConfig
    from harness.execution.sweep import RunSpec, run_sweep

    specs = [RunSpec(p, m, RunConfig(draws=DRAWS, tune=TUNE, chains=CHAINS, seed=seed, **config))
             for p, m in cells for seed in seeds]
    with tempfile.TemporaryDirectory() as out_dir:
        return run_sweep(specs, out_dir)


def gradient_floors() -> dict:
    """The committed gradbench floors of the installed twinbench checkout (for the limit ratio)."""
    import harness
    from harness.compare.gradbench import load_floors

    return load_floors(str(Path(harness.__file__).resolve().parents[1] / "results" / "studies" / "gradbench.csv"))


def median(values) -> float:
    """Median of the values that exist; NaN when none does."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else float("nan")


class NutsRuns:
    """Base of the NUTS suites: one shared ``setup_cache`` runs the NUTS grid once per asv run."""

    params = params_of("nuts")
    param_names = ["posterior", "method"]
    timeout = 7200
    rounds = 1  # tracks read the cached runs: more rounds would only cost processes
    version = "1"  # the history continues across edits of this file; bump when a number changes meaning

    def setup_cache(self):
        """Every selected cell x SEEDS through the harness: per cell, the per-seed metrics and statuses."""
        from harness.compare.cells import run_metrics

        cells = cells_of("nuts")
        floors = gradient_floors()
        results = {}
        for record in run_records(cells):
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

    def cell_median(self, metric: str) -> float:
        """Median over seeds of one metric of this cell."""
        return median(run[metric] for run in self.runs)
