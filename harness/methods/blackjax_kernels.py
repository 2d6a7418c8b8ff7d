"""What the BlackJAX samplers beyond window-adapted NUTS share (``blackjax_mams``, ``blackjax_mclmc``,
``blackjax_nuts_lowrank``): a Method base that builds the twin's JAX target (``jax_target``), runs each
chain's tuning and sampling as two timed phases (``blackjax_nuts.run_phases``: ``map_chains`` layouts,
JAX compile time counted as compile) and fills the SamplerOutput, plus the gradient count of an integrator.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from harness.records.config import RunConfig
from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS
from harness.methods.chains import LAYOUTS, chain_method


def grads_per_step(coefficients) -> int:
    """Gradient evaluations per step of a BlackJAX palindromic integrator with these ``coefficients``
    (alternating momentum/position updates): one per position update, the last gradient carried over
    into the next step (velocity Verlet 1, McLachlan 2, Yoshida 3)."""
    return len(coefficients) // 2


def per_chain(values) -> list:
    """A per-chain array as a list of floats, for the record's ``extra``."""
    return [float(v) for v in np.ravel(np.asarray(values))]


@dataclass
class ChainRun:
    """What one algorithm's chains produced: unconstrained draws (chain, draw, ...) and its statistics."""

    positions: object
    timings: dict  # {"warmup", "sampling", "compile"} seconds, from run_phases
    grad_evals_warmup: int
    grad_evals_sampling: int
    step_size: np.ndarray  # per chain
    tuning: dict  # fixed tuning settings and what the tuner found per chain
    divergences: int | None = None
    extra: dict = field(default_factory=dict)
    draw_stats: dict = field(default_factory=dict)


class BlackjaxMethod(Method):
    """A BlackJAX sampler on one twin's JAX log density (``jax_target``), float64, chains per ``map_chains``.

    Subclasses set ``algorithm`` (the name's suffix), ``adaptation`` (what tuning ran, for the record),
    ``flat`` (sample one flat vector per chain) and implement ``run_chains``; the twin classes set
    ``name``, ``backend``, ``gradient_backend`` and ``description``.
    """

    family = "mcmc"
    devices = ("cpu", "gpu")
    chain_methods = LAYOUTS
    precisions = PRECISIONS
    algorithm = ""
    adaptation = ""
    flat = False

    def run_chains(self, logdensity_fn: Callable, positions, rng_key, config: RunConfig, timer) -> ChainRun:
        """Tune and sample every chain from ``positions`` (leading chain axis)."""
        raise NotImplementedError

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Build the target, run the chains, map the draws to ``posterior.params``.

        Everything before tuning (model build, log density, initial points) counts as compile, with
        the JAX compile time of tuning, sampling and the back-transform.
        """
        import jax

        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import finish, jax_target

        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, self.backend)
            logdensity_fn, positions, transform = (target.flat() if self.flat else
                                                   (target.logdensity, target.positions, target.transform))
            rng_key = jax.random.split(jax.random.PRNGKey(config.seed))[1]
            setup = time.time() - start
            run = self.run_chains(logdensity_fn, positions, rng_key, config, timer)
            done = finish(transform, run.positions, timer, start, setup, run.timings)
        finally:
            timer.close()
        return SamplerOutput(
            draws={p: done.draws[p] for p in target.params},
            timings=done.timings,
            grad_evals_warmup=int(run.grad_evals_warmup),
            grad_evals_sampling=int(run.grad_evals_sampling),
            divergences=run.divergences,
            step_size=float(np.mean(run.step_size)),
            extra={"chain_method": chain_method(config), **done.extra, "target_setup_seconds": target.setup_seconds,
                   "adaptation": self.adaptation, "tuning": run.tuning, **run.extra},
            draw_stats=run.draw_stats,
        )


def scan_draws(step: Callable, state, rng_key, draws: int, stats: Callable):
    """``draws`` transitions ``step(key, state) -> (state, info)`` from ``state``: the positions
    (draw, ...) and ``stats(info)`` per draw, stacked."""
    import jax

    def one_draw(state, key):
        state, info = step(key, state)
        return state, (state.position, stats(info))

    _, out = jax.lax.scan(one_draw, state, jax.random.split(rng_key, draws))
    return out
