"""What the many-chain BlackJAX methods (``*.chees``, ``*.meads``) share: the chain budget, timing the
cross-chain warm-up and the sampling apart, and the SamplerOutput.

These methods adapt from statistics across an ensemble of chains, so they run their own number of
chains (the paper's / documentation's, ``num_chains``), laid out ``vectorized`` (``jax.vmap``);
any other ``--chain-method`` is unsupported: the ensemble is the algorithm, not a layout choice.
To compare at equal total draws with the NUTS methods, each chain keeps
``ceil(config.draws * config.chains / num_chains)`` draws (at least ``MIN_DRAWS_PER_CHAIN``, so split
R-hat and ESS can be computed); warm-up is ``config.tune`` steps of the ensemble.

Gradient evaluations count every chain: each warm-up and sampling iteration adds the leapfrog steps
the kernel reports (``info.num_integration_steps``, one gradient each: the gradient at the start of
a trajectory is carried in the state) summed over all chains.
"""
from __future__ import annotations

import math
import time
from typing import Callable, NamedTuple

import numpy as np

from harness.methods.base import Method, SamplerOutput
from harness.methods.precision import PRECISIONS
from harness.records.config import RunConfig

MIN_DRAWS_PER_CHAIN = 4  # split R-hat halves each chain; fewer draws leave it undefined


def draws_per_chain(config: RunConfig, num_chains: int) -> int:
    """Draws each of ``num_chains`` chains keeps so the total matches ``config.draws * config.chains``."""
    return max(MIN_DRAWS_PER_CHAIN, math.ceil(config.draws * config.chains / num_chains))


class Warmup(NamedTuple):
    """What a jitted warm-up returns: the last ensemble state, the tuned parameters (arrays only),
    and per step and chain (step, chain) the leapfrog steps taken and whether the step diverged."""

    state: object
    parameters: dict
    steps: object
    divergent: object


class Draws(NamedTuple):
    """What a jitted sampling run returns: positions (draw, chain, ...), and per (draw, chain) the
    leapfrog steps, divergence flag and acceptance."""

    positions: object
    steps: object
    divergent: object
    accepted: object


def swap_chain_draw(tree):
    """(draw, chain, ...) -> (chain, draw, ...) on every leaf."""
    import jax
    import jax.numpy as jnp

    return jax.tree.map(lambda x: jnp.swapaxes(x, 0, 1), tree)


def scan_vectorized(step: Callable, state, rng_key, num_chains: int, draws: int) -> Draws:
    """``draws`` iterations of ``step`` (one chain's kernel step) vmapped over all chains in lockstep."""
    import jax

    step_all = jax.vmap(step)

    def one_draw(state, key):
        state, info = step_all(jax.random.split(key, num_chains), state)
        return state, Draws(state.position, info.num_integration_steps, info.is_divergent, info.is_accepted)

    _, draws_out = jax.lax.scan(one_draw, state, jax.random.split(rng_key, draws))
    return draws_out


class ManyChainsMethod(Method):
    """A cross-chain-adapted BlackJAX method on either twin's JAX log density.

    Subclasses set ``algorithm``, ``num_chains``, ``adaptation`` and implement ``build`` (returning
    the warm-up and sampling functions) and ``tuning`` (the fixed settings and tuned values to record).
    """

    family = "mcmc"
    devices = ("cpu", "gpu")
    chain_methods = ("vectorized",)  # one ensemble whose adaptation pools the chains
    precisions = PRECISIONS
    algorithm = ""
    num_chains = 128
    adaptation = ""

    def build(self, logdensity: Callable, config: RunConfig, draws: int) -> tuple[Callable, Callable]:
        """(warmup(rng_key, positions) -> Warmup, sample(rng_key, state, parameters) -> Draws), not yet jitted."""
        raise NotImplementedError

    def tuning(self, config: RunConfig, parameters: dict, result: "Draws") -> dict:
        """Every fixed setting and the tuned values, for ``extra["tuning"]``."""
        raise NotImplementedError

    def sample(self, posterior, data: dict, config: RunConfig) -> SamplerOutput:
        """Build the twin's target with ``num_chains`` initial points, adapt, sample, record."""
        import jax

        from harness.methods.jax_compile_timer import CompileTimer
        from harness.methods.jax_target import jax_target

        timer = CompileTimer()
        try:
            start = time.time()
            target = jax_target(posterior, data, config, self.backend, chains=self.num_chains)
            rng_key = jax.random.split(jax.random.PRNGKey(config.seed))[1]
            return self._run(target, config, timer, start, rng_key)
        finally:
            timer.close()

    def _run(self, target, config: RunConfig, timer, start: float, rng_key) -> SamplerOutput:
        import jax

        from harness.methods.jax_target import finish

        draws = draws_per_chain(config, self.num_chains)
        warmup, sample = self.build(target.logdensity, config, draws)
        warmup, sample = jax.jit(warmup), jax.jit(sample)
        warmup_key, sampling_key = jax.random.split(rng_key)
        setup = time.time() - start  # model build, log density, initial points: counted as compile

        adapted, result, timings = timer.two_phases(
            lambda: warmup(warmup_key, target.positions),
            lambda adapted: sample(sampling_key, adapted.state, adapted.parameters))

        done = finish(target.transform, swap_chain_draw(result.positions), timer, start, setup, timings)

        steps_warmup, divergent_warmup = np.asarray(adapted.steps), np.asarray(adapted.divergent)
        steps, divergent = np.asarray(result.steps), np.asarray(result.divergent)
        parameters = jax.tree.map(np.asarray, adapted.parameters)
        tuning = self.tuning(config, parameters, result)
        tuning.update({"num_chains": self.num_chains, "adaptation_steps": config.tune, "draws_per_chain": draws})
        return SamplerOutput(
            draws={p: done.draws[p] for p in target.params},
            timings=done.timings,
            grad_evals_warmup=int(steps_warmup.sum()),
            grad_evals_sampling=int(steps.sum()),
            divergences=int(divergent.sum()),
            step_size=float(np.mean(parameters["step_size"])),
            draw_stats={"diverging": divergent.T},
            extra={"chain_method": "vectorized", **done.extra,
                   "adaptation": self.adaptation, "chains_run": self.num_chains, "draws_per_chain": draws,
                   "total_draws": draws * self.num_chains, "divergences_warmup": int(divergent_warmup.sum()),
                   "acceptance_rate": float(np.mean(np.asarray(result.accepted))),
                   "tuning": tuning},
        )
