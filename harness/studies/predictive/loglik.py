"""Pointwise log-likelihood of a run's draws, from the posterior's NumPyro twin.

Both twins are proven to define the same log density, so one evaluator serves the draws of
either backend. The draws give the compared parameters (deterministic sites such as a
non-centered ``theta`` included); the observed sites' log densities are evaluated with those
values substituted. A likelihood that depends on a latent the draws lack would silently be
evaluated at prior draws of it; ``pointwise_log_likelihood`` checks for that by evaluating under
two seeds and raises when they differ.
"""
from __future__ import annotations

import numpy as np


def pointwise_log_likelihood(posterior, draws: dict, data: dict, site: str | None = None, **options) -> np.ndarray:
    """(chain, draw, observation) log-likelihood of ``draws`` (parameter -> (chain, draw, *shape)).

    ``site`` names the observed site when the model has several (default: the only one).
    """
    import jax
    import numpyro
    from numpyro.infer.util import log_likelihood

    jax.config.update("jax_enable_x64", True)
    chains, count = next(iter(draws.values())).shape[:2]
    flat = {name: np.asarray(values).reshape(chains * count, *np.shape(values)[2:]) for name, values in draws.items()}
    model = posterior.numpyro_model()
    kwargs = {**posterior.model_options(), **options}
    results = [log_likelihood(numpyro.handlers.seed(model, seed), flat, data, **kwargs) for seed in (0, 1)]
    sites = list(results[0]) if site is None else [site]
    if len(sites) != 1:
        raise ValueError(f"{posterior.name} has observed sites {sites}; name one with site=")
    first, second = (np.asarray(result[sites[0]]) for result in results)
    if not np.allclose(first, second):
        raise ValueError(f"{posterior.name}: the likelihood of {sites[0]!r} depends on a latent variable the draws "
                         f"lack (have: {', '.join(draws)})")
    return first.reshape(chains, count, -1)
