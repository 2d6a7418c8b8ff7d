"""Agreement within Monte Carlo error: MCSE-based z tests with Bonferroni control, the one rule.

Two estimates of one quantity, each with its Monte Carlo standard error, give
z = |a - b| / sqrt(mcse_a^2 + mcse_b^2). A family of n such tests agrees when every z is at most
the two-sided normal threshold whose family-wise error over the n tests is ``alpha`` (Bonferroni,
``FAMILY_ALPHA`` = 1% by default): ``bonferroni_threshold(n)``.

``agreement`` applies it to a run against a reference posterior: per parameter element the mean
(MCSE of the mean) and the sd (MCSE of the sd), 2 x elements tests. ``backends_agree`` applies it
to two backends' estimates of the same n quantities (posterior means, probabilities, elpd_loo, ...),
n tests; every study that compares the PyMC and NumPyro twins decides "agree" with one of the two
(``agreement(summary_a, summary_b)`` when it compares two runs' means and sds).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

FAMILY_ALPHA = 0.01


def bonferroni_threshold(n_tests: int, alpha: float = FAMILY_ALPHA) -> float:
    """Two-sided z threshold for ``n_tests`` tests at family-wise level ``alpha``."""
    return float(norm.isf(alpha / (2 * n_tests)))


def _z(value, ref, mcse, mcse_ref) -> float:
    spread = math.sqrt((mcse or 0.0) ** 2 + (mcse_ref or 0.0) ** 2)
    if spread == 0:
        return 0.0 if value == ref else math.inf
    return abs(value - ref) / spread


def agreement(summary: dict, reference_summary: dict, alpha: float = FAMILY_ALPHA) -> dict:
    """Compare a run's per-element summary (mean, sd, mcse_mean, mcse_sd) with a reference's.

    Returns ``agrees``, the threshold, the largest z and the element it belongs to, and the
    elements that fail. Elements missing from the run count as failures.
    """
    elements = list(reference_summary)
    threshold = bonferroni_threshold(2 * len(elements), alpha)
    failures, worst, worst_name = [], 0.0, None
    for name in elements:
        ref = reference_summary[name]
        run = summary.get(name)
        if run is None or run.get("mean") is None:
            failures.append(f"{name}: missing")
            continue
        for stat, mcse in (("mean", "mcse_mean"), ("sd", "mcse_sd")):
            z = _z(run[stat], ref[stat], run.get(mcse), ref.get(mcse))
            if z > worst:
                worst, worst_name = z, f"{name} {stat}"
            if z > threshold:
                failures.append(f"{name} {stat}: z={z:.2f}")
    return {"agrees": not failures, "threshold": threshold, "alpha": alpha, "n_tests": 2 * len(elements),
            "max_z": worst, "max_z_at": worst_name, "failures": failures}


def backends_agree(a, b, mcse_a, mcse_b, alpha: float = FAMILY_ALPHA) -> dict:
    """Do two backends' estimates ``a`` and ``b`` of the same n quantities agree within Monte Carlo error?

    Per element z = |a - b| / sqrt(mcse_a^2 + mcse_b^2) (0 when both MCSEs are 0 and a == b, inf when
    they differ); it agrees when z <= ``bonferroni_threshold(n, alpha)``, and a NaN z (a missing
    estimate or MCSE) does not. Returns ``agrees`` (every element), ``threshold``, ``alpha``, ``n_tests``,
    ``max_z``, ``max_z_at`` (the element's label) and ``elements``: a frame (indexed like ``a`` when it is
    a Series) of abs_difference, combined_mcse, z, threshold and agree per element.
    """
    index = a.index if isinstance(a, pd.Series) else None
    a, b, mcse_a, mcse_b = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (a, b, mcse_a, mcse_b))
    difference, spread = np.abs(a - b), np.hypot(mcse_a, mcse_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, difference / spread, np.where(difference == 0, 0.0, np.inf))
    z = np.where(np.isnan(difference) | np.isnan(spread), np.nan, z)
    n = z.size
    threshold = bonferroni_threshold(n, alpha) if n else math.nan
    elements = pd.DataFrame({"abs_difference": difference, "combined_mcse": spread, "z": z, "threshold": threshold,
                             "agree": z <= threshold}, index=index)
    finite = elements["z"].dropna()
    return {"agrees": bool(elements["agree"].all()), "threshold": threshold, "alpha": alpha, "n_tests": n,
            "max_z": float(finite.max()) if len(finite) else math.nan,
            "max_z_at": finite.idxmax() if len(finite) else None, "elements": elements}
