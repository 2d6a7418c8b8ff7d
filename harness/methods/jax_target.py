"""One twin's posterior as a JAX log density on the unconstrained space: what every BlackJAX-driven
method samples, from either library.

``jax_target(posterior, data, config, backend, chains)`` builds, for ``backend`` ``"numpyro"``
(``numpyro.infer.util.initialize_model``: ``-potential_fn``, NumPyro's ``init_to_uniform``
initial points) or ``"pymc"`` (``pymc.sampling.jax.get_jaxified_logp``, Jacobians included, and
PyMC's jittered initial points), the log density, ``chains`` initial positions (a pytree with a
leading chain axis), and the map from one position to the compared parameters. Both run in
float64 (JAX x64) or, with ``--precision float32``, float32 (x64 off; the PyMC twin built under floatX float32).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from harness.methods.precision import pytensor_floatx, use_jax_precision

BACKENDS = ("numpyro", "pymc")


@dataclass
class JaxTarget:
    """A twin's log density, initial positions (leading chain axis) and back-transform to ``params``."""

    logdensity: Callable
    positions: object
    transform: Callable  # one unconstrained position -> {param: constrained value}
    params: list
    setup_seconds: float  # model build, log density and initial points, wall time

    def constrain(self, positions) -> dict:
        """``transform`` over positions with leading (chain, draw) axes, as NumPy arrays."""
        return constrain(self.transform, positions)

    def flat(self):
        """(log density of a flat vector, flat initial positions (chain, dim), flat -> params transform):
        for samplers that want one array per chain."""
        import jax
        from jax.flatten_util import ravel_pytree

        one = jax.tree.map(lambda x: x[0], self.positions)
        _, unravel = ravel_pytree(one)
        flat_positions = jax.vmap(lambda p: ravel_pytree(p)[0])(self.positions)
        return (lambda x: self.logdensity(unravel(x)), flat_positions, lambda x: self.transform(unravel(x)))


def constrain(transform: Callable, positions) -> dict:
    """``transform`` (one unconstrained position -> dict of constrained parameters) over (chain, draw)."""
    import jax

    return {k: np.asarray(v) for k, v in jax.jit(jax.vmap(jax.vmap(transform)))(positions).items()}


@dataclass
class Finished:
    """The back-transformed draws of a JAX sampler and what every such method records of its run."""

    draws: dict
    timings: dict  # compile (setup + JAX compile of the phases and of the back-transform), warmup, sampling, total
    extra: dict  # devices, setup_seconds, postprocess_seconds


def finish(transform: Callable, positions, timer, start: float, setup: float, phases: dict) -> Finished:
    """Back-transform ``positions`` ((chain, draw) leading axes) with ``transform``, timed: the JAX compile time
    ``timer`` saw in it counts as compile, the rest as post-processing. ``start``: when the method began;
    ``setup``: its seconds before the first phase (model build, log density, initial points: compile too);
    ``phases``: {"compile", "warmup", "sampling"} seconds of the two phases (``CompileTimer.two_phases``)."""
    import jax

    post_start = time.time()
    draws = constrain(transform, positions)
    end = time.time()
    compile_post = timer.seconds_between(post_start, end)
    return Finished(draws, {"compile": setup + phases["compile"] + compile_post, "warmup": phases["warmup"],
                            "sampling": phases["sampling"], "total": end - start},
                    {"devices": [str(d) for d in jax.devices()], "setup_seconds": setup,
                     "postprocess_seconds": end - post_start - compile_post})


def jax_target(posterior, data: dict, config, backend: str, chains: int | None = None) -> JaxTarget:
    """``posterior``'s ``backend`` twin as a JaxTarget with ``chains`` (default ``config.chains``) initial points."""
    import jax

    use_jax_precision(config, pytensor=backend == "pymc")
    chains = chains or config.chains
    start = time.time()
    if backend == "numpyro":
        logdensity, positions, transform = _numpyro(posterior, data, config, chains)
    elif backend == "pymc":
        logdensity, positions, transform = _pymc(posterior, data, config, chains)
    else:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    positions = jax.block_until_ready(positions)
    return JaxTarget(logdensity, positions, transform, list(posterior.params), time.time() - start)


def _numpyro(posterior, data, config, chains):
    import jax
    from numpyro.infer.util import initialize_model

    init_key = jax.random.split(jax.random.PRNGKey(config.seed))[0]
    info = initialize_model(jax.random.split(init_key, chains), posterior.numpyro_model(),
                            model_args=(data,), model_kwargs=posterior.model_options(**config.options),
                            dynamic_args=False)
    params = list(posterior.params)

    def logdensity(position):
        return -info.potential_fn(position)

    def transform(position):
        values = info.postprocess_fn(position)
        return {p: values[p] for p in params}

    return logdensity, info.param_info.z, transform


def _pymc(posterior, data, config, chains):
    from pymc.sampling.jax import _get_batched_jittered_initial_points, get_jaxified_graph, get_jaxified_logp

    with pytensor_floatx(config):
        model = posterior.pymc_build()(data, **posterior.model_options(**config.options))
        logdensity = get_jaxified_logp(model)
        points = _get_batched_jittered_initial_points(model, chains=chains, initvals=None,
                                                      random_seed=config.seed, logp_fn=logdensity)
    if chains == 1:
        points = [np.asarray(p)[None] for p in points]
    params = list(posterior.params)
    outputs = model.replace_rvs_by_values([model[p] for p in params])
    to_params = get_jaxified_graph(inputs=model.value_vars, outputs=outputs)

    def transform(position):
        return dict(zip(params, to_params(*position)))

    return logdensity, list(points), transform
