"""PSIS-LOO (ArviZ 1) and WAIC (computed here: ArviZ 1 dropped it) from a pointwise log-likelihood.

``log_lik`` arrays are (chain, draw, observation). WAIC follows Watanabe / Vehtari, Gelman &
Gabry (2017) as ArviZ 0.x computed it, on the log scale: per observation
``lppd_i = log mean_s exp(log_lik_si)`` and ``p_i = var_s(log_lik_si)`` (population variance),
``elpd_waic = sum_i (lppd_i - p_i)``, ``p_waic = sum_i p_i``, ``se = sqrt(n var_i(lppd_i - p_i))``;
tests/test_studies.py checks it against ArviZ 0.22's value on committed test data.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp

PARETO_K_BAD = 0.7
P_WAIC_BAD = 0.4  # WAIC's own warning: a pointwise penalty var_s(log_lik_si) above this (Vehtari et al. 2017)


def waic(log_lik: np.ndarray) -> dict:
    """elpd_waic, se_waic, p_waic, the pointwise elpd and how many pointwise penalties exceed 0.4 (WAIC's
    own warning) of a (chain, draw, observation) array."""
    samples = np.asarray(log_lik, dtype=float).reshape(-1, np.shape(log_lik)[-1])
    lppd = logsumexp(samples, axis=0) - math.log(samples.shape[0])
    penalty = samples.var(axis=0)
    pointwise = lppd - penalty
    return {"elpd_waic": float(pointwise.sum()), "se_waic": float(math.sqrt(pointwise.size * pointwise.var())),
            "p_waic": float(penalty.sum()), "n_p_waic_above_0_4": int((penalty > P_WAIC_BAD).sum()),
            "waic_i": pointwise}


def loo(log_lik: np.ndarray, elpd_data: bool = False) -> dict:
    """ArviZ 1's PSIS-LOO: elpd_loo, se_loo, p_loo, Pareto k per observation and how many exceed 0.7
    (with ``elpd_data``, ArviZ's own result too, under ``"elpd_data"``)."""
    import arviz as az

    log_lik = np.asarray(log_lik, dtype=float)
    tree = az.from_dict({"posterior": {"_": np.zeros(log_lik.shape[:2])}, "log_likelihood": {"y": log_lik}})
    result = az.loo(tree, pointwise=True)
    pareto_k = np.asarray(result.pareto_k).ravel()
    return {"elpd_loo": float(result.elpd), "se_loo": float(result.se), "p_loo": float(result.p),
            "pareto_k": pareto_k, "max_pareto_k": float(pareto_k.max()),
            "n_k_above_0_7": int((pareto_k > PARETO_K_BAD).sum()), "elpd_loo_i": np.asarray(result.elpd_i).ravel(),
            **({"elpd_data": result} if elpd_data else {})}
