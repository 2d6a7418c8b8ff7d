"""The benchmark sets: which cells each asv suite runs, chosen by ``TWINBENCH_ASV_SET``.

``full`` (the default, ``make bench``, <= 20 minutes here), ``presubmit`` (``make bench-quick``,
the committed history and the ``make bench-check`` gate, <= 5 minutes), ``exhaustive`` (``make
bench-exhaustive``: every NUTS method on every representative posterior, and the harness overhead,
~50 minutes here) and ``gate`` (one NUTS cell and one gradient: what tests/test_bench_gate.py plants
regressions in, never committed). A set gives each suite its parameter grid (``params_of``) and the cells it
leaves out of that grid (``SKIPPED``); the smaller sets are corners of the larger ones, so a cell has
one history whichever set measured it, and asv spends no process on cells a set does not run.
Suites a set leaves out are not defined under it.
"""
from __future__ import annotations

import itertools
import os

from .compat import harness_name

SMALL, FUNNEL = "eight_schools-noncentered", "eight_schools-centered"
REGRESSION, LARGE = "linreg_sim-linear_regression", "streamrec_events-hierarchical_logit"  # LARGE: 10^4 events
NUTS_POSTERIORS = [SMALL, FUNNEL, REGRESSION, LARGE]
NUTS_METHODS = harness_name("nuts_methods")  # the registry's NUTS family
DEFAULT_NUTS = ["pymc.default", "numpyro.nuts"]  # what each library's users get
GRADIENT_BACKENDS = ["pytensor_numba", "pytensor_c", "pymc_jax", "numpyro_jax"]
VI_METHODS = ["pymc.advi", "pymc.fullrank_advi", "numpyro.svi", "numpyro.svi_mvn"]
MINIBATCH_METHODS = ["pymc.advi_minibatch", "numpyro.svi_minibatch", "numpyro.hmcecs"]
OVERHEAD_METHODS = ["pymc.nutpie", "numpyro.nuts"]

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
GRIDS["gate"] = {"nuts": ([SMALL], ["numpyro.nuts"]), "gradients": ([REGRESSION], ["pytensor_numba"])}
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
    "gate": {},
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
