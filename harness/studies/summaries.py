"""Summaries the studies share: one scalar's posterior summary, and the two-backend agreement test.

A study that fits both twins compares each backend's statistic within Monte Carlo error: the two
agree when |a - b| <= 3 * sqrt(mcse_a^2 + mcse_b^2) (``within_mcse``).
"""
from __future__ import annotations

import math

import numpy as np

PROB = 0.95


def scalar_summary(values: np.ndarray, threshold: float | None = None, prob: float = PROB) -> dict:
    """Mean, sd, median, HDI (ArviZ, ``prob``), MCSE of the mean of (chain, draw) draws of one scalar;
    with ``threshold`` also P(> threshold) and its MCSE (``p_exceed``, ``mcse_p``)."""
    import arviz as az

    low, high = az.hdi(values.ravel(), prob=prob)
    summary = {"mean": float(values.mean()), "sd": float(values.std()), "median": float(np.median(values)),
               "lower_95": float(low), "upper_95": float(high), "mcse": float(az.mcse(values))}
    if threshold is not None:
        above = (values > threshold).astype(float)
        summary["p_exceed"] = math.nan if math.isnan(threshold) else float(above.mean())
        summary["mcse_p"] = math.nan if math.isnan(threshold) else float(az.mcse(above))
    return summary


def within_mcse(a: float, b: float, mcse_a: float, mcse_b: float) -> dict:
    """|a - b|, the bound 3 x combined MCSE, and whether the two estimates agree within it."""
    delta, bound = abs(a - b), 3 * math.hypot(mcse_a, mcse_b)
    return {"abs_difference": delta, "three_mcse": bound, "agree": bool(delta <= bound)}
