"""Shared by the variational and subsampling methods: ELBO summaries, draws shaped like chains,
minibatch support checks."""
from __future__ import annotations

import math

import numpy as np

FINAL_WINDOW = 100
TRACE_POINTS = 200


def elbo_summary(losses, final_window: int = FINAL_WINDOW, points: int = TRACE_POINTS) -> dict:
    """The ``vi`` section of a record from a per-step loss (negative ELBO) history.

    ``final_elbo`` is minus the mean loss of the last ``final_window`` steps (one step's loss is
    a one-sample Monte Carlo estimate, too noisy to report alone; non-finite losses are
    skipped); ``elbo_trace`` is minus the loss at up to ``points`` evenly spaced steps
    (``elbo_trace_steps``, 1-based), the last step included.
    """
    losses = np.asarray(losses, dtype=np.float64).ravel()
    steps = losses.size
    tail = losses[-final_window:]
    tail = tail[np.isfinite(tail)]
    final = -float(np.mean(tail)) if tail.size else None
    index = np.unique(np.linspace(0, steps - 1, min(steps, points)).round().astype(int)) if steps else []
    return {
        "steps": int(steps),
        "final_elbo": final if final is None or math.isfinite(final) else None,
        "final_elbo_window": int(min(final_window, steps)),
        "elbo_trace_steps": [int(i) + 1 for i in index],
        "elbo_trace": [(-float(losses[i]) if math.isfinite(losses[i]) else None) for i in index],
    }


def as_chains(values, chains: int, draws: int) -> np.ndarray:
    """Independent approximation draws (n = chains * draws, *shape) as (chains, draws, *shape).

    The draws are i.i.d., so the split into "chains" only matches the shape NUTS runs have
    (same chains x draws); R-hat over it is ~1 by construction.
    """
    values = np.asarray(values)
    return values.reshape(chains, draws, *values.shape[1:])


def minibatch_unsupported(posterior, config) -> str | None:
    """Why a minibatch method cannot run ``posterior`` under ``config`` (None when it can)."""
    if posterior.minibatch_axis is None:
        return "the posterior has no observation axis that can be subsampled"
    if config.batch_size is None:
        return "a minibatch method needs a batch size (--batch-size)"
    return None


def minibatch_total_size(data: dict) -> int:
    """The total size a minibatch method scales by: the length of the observed ``y`` array (the subsampled axis)."""
    return int(len(data["y"]))
