"""Which observations a cross-validation refit leaves out, shared by both twins of a posterior.

``holdout=i``: observation i (exact leave-one-out). ``fold=k``: fold k of ``KFOLD_K`` (K-fold
cross-validation), the observations whose index is k modulo ``KFOLD_K``. The left-out likelihood terms
are dropped (PyMC) or masked (NumPyro); every parameter is kept, so the refit's draws still cover them.
"""
from __future__ import annotations

import numpy as np

KFOLD_K = 10
FOLDS = (None, *range(KFOLD_K))  # catalog option values: None = all data


def holdouts(n: int) -> tuple:
    """The catalog option values of ``holdout`` for ``n`` observations (None = all data)."""
    return (None, *range(n))


def left_out(n: int, holdout: int | None = None, fold: int | None = None) -> np.ndarray:
    """The indices of the ``n`` observations that ``holdout`` or ``fold`` leaves out (none when both are None)."""
    if holdout is not None and fold is not None:
        raise ValueError("holdout and fold are exclusive: leave out one observation or one fold")
    index = np.arange(n)
    if holdout is not None:
        return index[index == holdout]
    if fold is not None:
        return index[index % KFOLD_K == fold]
    return index[:0]


def kept(n: int, holdout: int | None = None, fold: int | None = None) -> np.ndarray:
    """The indices of the observations kept (PyMC: index the observed data with them)."""
    return np.setdiff1d(np.arange(n), left_out(n, holdout, fold))


def kept_mask(n: int, holdout: int | None = None, fold: int | None = None):
    """A boolean mask of the observations kept, or True when all are (NumPyro: ``handlers.mask``)."""
    if holdout is None and fold is None:
        return True
    return np.isin(np.arange(n), left_out(n, holdout, fold), invert=True)
