"""Published numbers about the samplers on posteriordb beside what twinbench measures on its posteriordb suite.

Each claim names its source (as the issue that asked for the comparison cites it) and says how the measured
counterpart is computed from the posteriordb leaderboard's cells; where this stack cannot measure the same
comparison (no Stan here), the measured column is the nearest comparison it can make, and says so.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

NUTPIE_PAPER = "nutpie paper (2026), 114 posteriordb posteriors"
PYMC_VS_STAN = "public PyMC-vs-Stan comparison, 101 posteriordb models"


def _speed_ratios(cells: pd.DataFrame, method: str, other: str, value: str) -> pd.Series:
    """Per posterior where both were measured: ``method``'s ``value`` over ``other``'s (none: a table without it)."""
    if value not in cells:
        return pd.Series(dtype=float)
    table = cells[cells["status"] == "measured"].pivot_table(index="posterior", columns="method", values=value)
    if method not in table or other not in table:
        return pd.Series(dtype=float)
    ratios = (table[method] / table[other]).replace([np.inf, -np.inf], np.nan).dropna()
    return ratios[ratios > 0]


def _reading(ratios: pd.Series, how: str, posterior: str | None = None) -> tuple[float, int]:
    """(the median, geometric mean, largest or one posterior's ratio, posteriors compared); NaN when not measured."""
    if posterior is not None:
        return (float(ratios[posterior]) if posterior in ratios.index else math.nan), int(posterior in ratios.index)
    if ratios.empty:
        return math.nan, 0
    readings = {"median": ratios.median, "max": ratios.max, "geomean": lambda: np.exp(np.log(ratios).mean())}
    return float(readings[how]()), len(ratios)


CLAIMS = (  # claim, source, published, (method, over, cell value, how, posterior), what is measured here
    ("low-rank + diagonal over diagonal mass-matrix adaptation, median", NUTPIE_PAPER, 4.0,
     ("pymc.nutpie_lowrank", "pymc.nutpie", "ess_per_grad", "median", None),
     "pymc.nutpie_lowrank over pymc.nutpie, ESS per gradient, median over posteriors"),
    ("low-rank + diagonal over diagonal, median (per second)", NUTPIE_PAPER, 4.0,
     ("pymc.nutpie_lowrank", "pymc.nutpie", "ess_per_sec", "median", None),
     "the same in ESS/s of the sampling phase"),
    ("PyMC + nutpie over Stan, geometric mean", PYMC_VS_STAN, 1.30,
     ("pymc.default", "numpyro.nuts", "ess_per_sec", "geomean", None),
     "no Stan here: pymc.default (nutpie) over numpyro.nuts, ESS/s, geometric mean over posteriors"),
    ("PyMC + nutpie over Stan on diamonds", PYMC_VS_STAN, 82.0,
     ("pymc.default", "numpyro.nuts", "ess_per_sec", "one", "diamonds-diamonds"),
     "no Stan here: pymc.default over numpyro.nuts on diamonds, ESS/s"),
    ("PyMC + nutpie over Stan on arma11", PYMC_VS_STAN, 1 / 8,
     ("pymc.default", "numpyro.nuts", "ess_per_sec", "one", "arma-arma11"),
     "no Stan here: pymc.default over numpyro.nuts on arma11, ESS/s"),
)


MAMS_PAPER = "MAMS paper (Robnik, Cohn-Gordon & Seljak), as issue 31 cites it"
CHEES_PAPER = "ChEES paper (Hoffman, Radul & Sountsov 2021), as issue 31 cites it"
PATHFINDER_PAPER = "Pathfinder paper (Zhang, Carpenter, Gelman & Vehtari 2022), as issue 31 cites it"

BEYOND_NUTS_CLAIMS = (  # as CLAIMS; published NaN where the source gives a direction, not a number
    ("MAMS over NUTS, gradient evaluations per effective draw (up to)", MAMS_PAPER, 7.0,
     ("numpyro.mams", "numpyro.blackjax", "ess_per_grad_total", "max", None),
     "numpyro.mams over numpyro.blackjax (both BlackJAX, NumPyro twin), ESS per gradient with warm-up's, largest "
     "over posteriors"),
    ("MAMS over NUTS, the same, median", MAMS_PAPER, math.nan,
     ("numpyro.mams", "numpyro.blackjax", "ess_per_grad_total", "median", None), "the same, median over posteriors"),
    ("ChEES-HMC over NUTS, ESS per gradient (higher)", CHEES_PAPER, math.nan,
     ("numpyro.chees", "numpyro.blackjax", "ess_per_grad_total", "median", None),
     "numpyro.chees (128 chains) over numpyro.blackjax (4 chains), ESS per gradient with warm-up's, median"),
    ("Pathfinder over ADVI, fewer gradient evaluations (10x to 100x)", PATHFINDER_PAPER, 10.0,
     ("pymc.advi", "pymc.pathfinder", "grad_evals", "median", None),
     "pymc.advi's gradient evaluations (20,000 steps) over pymc.pathfinder's, median over posteriors"),
    ("low-rank + diagonal over diagonal, median", NUTPIE_PAPER, 4.0,
     ("numpyro.blackjax_lowrank", "numpyro.blackjax", "ess_per_grad", "median", None),
     "BlackJAX's low-rank window adaptation over its diagonal one, ESS per gradient, median"),
)


def published_vs_measured(cells: pd.DataFrame, claims: tuple = CLAIMS) -> pd.DataFrame:
    """One row per published claim: the published ratio, the measured counterpart (NaN until its cells are
    measured) and how many posteriors it rests on."""
    rows = []
    for claim, source, published, (method, other, value, how, posterior), measured_as in claims:
        measured, n = _reading(_speed_ratios(cells, method, other, value), how, posterior)
        rows.append({"claim": claim, "source": source, "published": published, "measured": measured,
                     "posteriors": n, "measured as": measured_as})
    return pd.DataFrame(rows)
