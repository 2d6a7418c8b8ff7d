"""Diagnostics of draws (ESS, R-hat, MCSE, summaries) via ArviZ; plain numbers out, no sampling."""
from __future__ import annotations

import math

import arviz as az
import numpy as np
import pandas as pd

QUANTILES = (0.05, 0.5, 0.95)
RHAT_LIMIT = 1.01  # the usual convergence threshold (Vehtari et al. 2021): at or above it a run is unmixed


def to_arviz(draws: dict):
    """An ArviZ 1 DataTree with ``draws`` as its posterior group.

    ``draws`` maps a parameter name to an array of shape (chain, draw, *event_shape).
    """
    return az.from_dict({"posterior": {k: np.asarray(v) for k, v in draws.items()}})


def element_names(name: str, shape: tuple) -> list[str]:
    """ArviZ-style labels of the elements of a parameter: ``theta[0]``, ``L[1, 0]``..."""
    if not shape:
        return [name]
    return [f"{name}[{', '.join(map(str, index))}]" for index in np.ndindex(*shape)]


def summarize(draws: dict) -> pd.DataFrame:
    """Per parameter element: mean, sd, MCSE of both, ESS bulk and tail, R-hat and quantiles."""
    table = az.summary(to_arviz(draws), kind="all", round_to="none")  # ArviZ 1 rounds unless told not to
    table = table[["mean", "sd", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "r_hat"]].copy()
    for q in QUANTILES:
        column = []
        for name, values in draws.items():
            values = np.asarray(values)
            flat = values.reshape(-1, *values.shape[2:])
            column += list(np.atleast_1d(np.quantile(flat, q, axis=0)).ravel())
        table[f"q{round(q * 100):02d}"] = column
    return table


def _finite_or_none(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def draw_diagnostics(draws: dict) -> dict:
    """ESS bulk/tail (min and per element), R-hat (max and per element) and the summary table."""
    table = summarize(draws)
    return {
        "ess_bulk_min": _finite_or_none(table["ess_bulk"].min()),
        "ess_tail_min": _finite_or_none(table["ess_tail"].min()),
        "ess_bulk": {k: _finite_or_none(v) for k, v in table["ess_bulk"].items()},
        "ess_tail": {k: _finite_or_none(v) for k, v in table["ess_tail"].items()},
        "rhat_max": _finite_or_none(table["r_hat"].max()),
        "rhat": {k: _finite_or_none(v) for k, v in table["r_hat"].items()},
        "summary": {k: {c: _finite_or_none(v) for c, v in row.items()} for k, row in table.iterrows()},
    }


def safe_ratio(numerator, denominator) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return float(numerator) / float(denominator)
