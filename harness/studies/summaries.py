"""The posterior summary of one scalar the studies share (two backends' summaries are compared with
``harness.quality.agreement.backends_agree``)."""
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

