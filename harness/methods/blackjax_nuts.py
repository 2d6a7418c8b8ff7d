"""BlackJAX NUTS with Stan-style window adaptation on any JAX log density, shared by
``pymc.blackjax`` and ``numpyro.blackjax``.

Each chain runs ``blackjax.window_adaptation(blackjax.nuts, ...)`` for ``tune`` steps, then a
``jax.lax.scan`` of the NUTS kernel with the adapted step size and diagonal inverse mass
matrix for ``draws`` steps. Chains are mapped with ``jax.pmap`` (parallel), ``jax.vmap``
(vectorized) or a Python loop over one jitted chain (sequential). Warm-up and sampling are
two separate calls, each waited for, so they are timed apart; JAX compile time is taken out
of both. ``run_phases`` (that timing and chain mapping) and ``run_nuts``'s ``adaptation`` parameter are
reused by ``blackjax_kernels`` and ``blackjax_nuts_lowrank``.
"""
from __future__ import annotations

import time
from typing import Callable, NamedTuple

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import SamplerOutput
from harness.methods.chains import chain_method
from harness.methods.jax_target import finish

WARMUP_INFO = {"num_integration_steps", "is_divergent"}


class NutsDraws(NamedTuple):
    """Unconstrained draws (chain, draw, ...) and per-chain sampler statistics."""

    positions: object
    step_size: np.ndarray
    steps_warmup: np.ndarray
    divergent_warmup: np.ndarray
    steps: np.ndarray
    divergent: np.ndarray


def window_adaptation(logdensity_fn: Callable, target_accept: float):
    """``blackjax.window_adaptation`` of NUTS (diagonal mass matrix), keeping only WARMUP_INFO per step."""
    import blackjax
    from blackjax.adaptation.base import get_filter_adapt_info_fn

    return blackjax.window_adaptation(blackjax.nuts, logdensity_fn, target_acceptance_rate=target_accept,
                                      adaptation_info_fn=get_filter_adapt_info_fn(info_keys=WARMUP_INFO))


def _warmup_fn(logdensity_fn: Callable, tune: int, target_accept: float,
               adaptation: Callable = window_adaptation) -> Callable:
    def warmup(rng_key, position):
        (state, parameters), info = adaptation(logdensity_fn, target_accept).run(rng_key, position, num_steps=tune)
        return ((state, parameters["step_size"], parameters["inverse_mass_matrix"]),
                (info.info.num_integration_steps, info.info.is_divergent))

    return warmup


def _sampling_fn(logdensity_fn: Callable, draws: int) -> Callable:
    import blackjax
    import jax

    def sample(rng_key, state, step_size, inverse_mass_matrix):
        step = blackjax.nuts(logdensity_fn, step_size=step_size, inverse_mass_matrix=inverse_mass_matrix).step

        def one_draw(state, key):
            state, info = step(key, state)
            return state, (state.position, info.num_integration_steps, info.is_divergent)

        _, (positions, steps, divergent) = jax.lax.scan(one_draw, state, jax.random.split(rng_key, draws))
        return positions, steps, divergent

    return sample


def map_chains(fn: Callable, method: str, chains: int) -> Callable:
    """``fn`` of one chain's arguments mapped over a leading chain axis of every argument."""
    import jax

    if method == "parallel":
        return jax.pmap(fn)
    if method == "vectorized":
        return jax.jit(jax.vmap(fn))
    one = jax.jit(fn)

    def sequential(*args):
        outs = [one(*jax.tree.map(lambda x: x[c], args)) for c in range(chains)]
        return jax.tree.map(lambda *xs: jax.numpy.stack(xs), *outs)

    return sequential


def run_phases(warmup: Callable, sample: Callable, positions, rng_key, config: RunConfig, timer) -> tuple:
    """Warm up then sample every chain from ``positions`` (a pytree with a leading chain axis).

    ``warmup(key, position) -> (carry, warmup_stats)`` and ``sample(key, carry) -> outputs`` are one
    chain's phases, mapped over chains by ``map_chains`` and run as two calls, each waited for.
    Returns ``(carry, warmup_stats, outputs, timings)``, timings ``{"warmup", "sampling", "compile"}``
    seconds with JAX compile time (from ``timer``, a CompileTimer) taken out of both phases.
    """
    import jax

    method = chain_method(config)
    warmup_keys, sampling_keys = (jax.random.split(k, config.chains) for k in jax.random.split(rng_key))
    warmup = map_chains(warmup, method, config.chains)
    sample = map_chains(sample, method, config.chains)
    (carry, warmup_stats), outputs, timings = timer.two_phases(lambda: warmup(warmup_keys, positions),
                                                               lambda warm: sample(sampling_keys, warm[0]))
    return carry, warmup_stats, outputs, timings


def run_nuts(logdensity_fn: Callable, positions, rng_key, config: RunConfig, timer,
             adaptation: Callable = window_adaptation) -> tuple[NutsDraws, dict]:
    """Adapt (``adaptation(logdensity_fn, target_accept)``, an AdaptationAlgorithm) and sample every
    chain from ``positions`` (a pytree with a leading chain axis) with ``run_phases``.

    Returns the draws and ``{"warmup", "sampling", "compile"}`` seconds.
    """
    sample = _sampling_fn(logdensity_fn, config.draws)
    (_, step_size, _), (steps_warmup, divergent_warmup), (draws, steps, divergent), timings = run_phases(
        _warmup_fn(logdensity_fn, config.tune, config.target_accept, adaptation),
        lambda key, carry: sample(key, *carry), positions, rng_key, config, timer)
    return NutsDraws(draws, np.asarray(step_size), np.asarray(steps_warmup), np.asarray(divergent_warmup),
                     np.asarray(steps), np.asarray(divergent)), timings


def sample_blackjax(logdensity_fn: Callable, positions, transform: Callable, params, config: RunConfig,
                    timer, start: float, rng_key) -> SamplerOutput:
    """Run NUTS, map the draws to ``params`` and return the SamplerOutput.

    ``start`` is when the method began (model build included); everything before warm-up
    (model build, log density, initial points) counts as compile, with the JAX compile time
    of warm-up, sampling and the back-transform.
    """
    setup = time.time() - start
    result, timings = run_nuts(logdensity_fn, positions, rng_key, config, timer)
    done = finish(transform, result.positions, timer, start, setup, timings)
    return SamplerOutput(
        draws={p: done.draws[p] for p in params},
        timings=done.timings,
        grad_evals_warmup=int(result.steps_warmup.sum()),
        grad_evals_sampling=int(result.steps.sum()),
        divergences=int(result.divergent.sum()),
        step_size=float(np.mean(result.step_size)),
        extra={"chain_method": chain_method(config), **done.extra,
               "divergences_warmup": int(result.divergent_warmup.sum()),
               "adaptation": "blackjax.window_adaptation (diagonal mass matrix), per chain"},
    )
