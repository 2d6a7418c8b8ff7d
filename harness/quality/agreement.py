"""Agreement of a run with a reference posterior: MCSE-based z tests with Bonferroni control.

For every parameter element the run's mean and sd are compared with the reference's:
z_mean = |mean - mean_ref| / sqrt(mcse_mean^2 + mcse_mean_ref^2), and likewise z_sd with the
MCSE of the sd. The run agrees when every z stays under the two-sided normal threshold whose
family-wise error over all 2 x elements tests is ``alpha`` (Bonferroni).
"""
from __future__ import annotations

import math

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
