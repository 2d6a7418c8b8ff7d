"""Where ``twinbench gradbench`` evaluates gradients: posterior draws, in each backend's own space.

A gradient timed again and again at one point (the initial point) can be much faster than the
gradients a sampler takes: PyTensor's elementwise code branches per element (``softplus``, ``switch``),
and at the initial point every element takes the same branch, which the CPU predicts perfectly
(``python scripts/gradbench_points.py``: streamrec_events' Numba gradient 221 µs at its initial point,
about 460 µs cycling through different points). So the floors are timed cycling through posterior draws:
``POINTS`` draws of a short NumPyro NUTS run of the NumPyro twin (the reference method), converted to
each backend's unconstrained space. The twins share the names and shapes of their constrained free
parameters (``harness/quality/density.py`` proves it), so one set of draws serves both.
"""
from __future__ import annotations

import numpy as np

POINTS = 32
WARMUP = 300
THINNING = 4


def posterior_points(posterior, data: dict, options: dict, count: int = POINTS, seed: int = 0) -> list[dict]:
    """``count`` constrained draws of every free parameter from a short NumPyro NUTS run (one chain)."""
    import jax
    from numpyro.infer import MCMC, NUTS
    from numpyro.infer.initialization import init_to_median

    from harness.quality.density import latent_prior_points

    model = posterior.numpyro_model()
    names = list(latent_prior_points(model, data, options, 1, seed)[0])
    mcmc = MCMC(NUTS(model, init_strategy=init_to_median), num_warmup=WARMUP, num_samples=count * THINNING,
                thinning=THINNING, num_chains=1, progress_bar=False)
    mcmc.run(jax.random.PRNGKey(seed), data, **options)
    samples = {name: np.asarray(value, dtype=np.float64) for name, value in mcmc.get_samples().items()
               if name in names}
    return [{name: samples[name][i] for name in names} for i in range(count)]


def pymc_unconstrained(model, points: list[dict]) -> list[dict]:
    """The points in PyMC's unconstrained space: value-variable name -> array (PyMC's own transforms)."""
    import pytensor
    from pymc.initial_point import make_initial_point_expression

    inputs = {rv: rv.type() for rv in model.free_RVs}
    transformed = make_initial_point_expression(free_rvs=model.free_RVs, rvs_to_transforms=model.rvs_to_transforms,
                                                initval_strategies=inputs, return_transformed=True)
    forward = pytensor.function(list(inputs.values()), transformed, on_unused_input="ignore")
    value_names = [model.rvs_to_values[rv].name for rv in model.free_RVs]
    return [dict(zip(value_names, forward(*(point[rv.name] for rv in model.free_RVs)))) for point in points]


def numpyro_unconstrained(numpyro_model, data: dict, options: dict, points: list[dict]) -> list[dict]:
    """The points in NumPyro's unconstrained space (site name -> array), as its potential takes them."""
    from numpyro.infer.util import unconstrain_fn

    return [unconstrain_fn(numpyro_model, (data,), options, point) for point in points]
