"""Replicated data from a posterior: the NumPyro twin's observed site drawn anew at each posterior draw.

As with the pointwise log-likelihood (harness/studies/predictive/loglik.py), one evaluator serves either backend's
draws: the twins define the same model. The observed values are withheld (``data[key] = None``)
so the twin samples them instead of conditioning on them.
"""
from __future__ import annotations

import numpy as np


def posterior_predictive(posterior, draws: dict, data: dict, key: str = "y", site: str | None = None,
                         seed: int = 0, **options) -> np.ndarray:
    """(chain, draw, *observation shape) replicated ``site`` (default ``key``) given ``draws``."""
    import jax
    from numpyro.infer import Predictive

    jax.config.update("jax_enable_x64", True)
    chains, count = next(iter(draws.values())).shape[:2]
    flat = {name: np.asarray(values).reshape(chains * count, *np.shape(values)[2:]) for name, values in draws.items()}
    withheld = {**data, key: None}
    replicated = Predictive(posterior.numpyro_model(), posterior_samples=flat, return_sites=[site or key])(
        jax.random.PRNGKey(seed), withheld, **{**posterior.model_options(), **options})
    values = np.asarray(replicated[site or key])
    return values.reshape(chains, count, *values.shape[1:])
