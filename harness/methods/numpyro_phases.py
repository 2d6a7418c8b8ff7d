"""One NumPyro ``MCMC.run`` call, warm-up and sampling together as NumPyro's docs run it, and the
NUTS statistics and phase times it yields.

NumPyro compiles its chain loop once per call, so timing the phases as two calls
(``MCMC.warmup`` then ``MCMC.run``) costs a second compile that a user's one ``run`` does not
pay (38% of the wall time of ``numpyro.nuts`` on linreg_sim, 1.4 of 3.6 s). Instead the one call
collects the warm-up iterations' fields too, and its loop time (wall time less the JAX compile
time inside it) is split between the phases in proportion to their leapfrog steps, as for
``pymc.default`` and ``pymc.nutpie``, whose samplers report no per-phase times either: the cost of
a step is the same in both phases of one compiled loop.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from harness.methods.base import split_loop

TIMING_SPLIT = ("one MCMC.run call (warm-up and sampling together); its loop time, JAX compile taken out, is split "
                "between warm-up and sampling in proportion to their leapfrog steps")


@dataclass
class OneCallRun:
    """Sampling-phase draws, both phases' extra fields, and the wall-clock marks around the call."""

    samples: dict
    warmup_fields: dict
    fields: dict
    start: float
    end: float
    chain_method: str  # what MCMC ran (NumPyro falls back to sequential when devices are short)

    def phase_seconds(self, timer, prefix: str = "") -> tuple[float, float]:
        """(warm-up, sampling) seconds: the call's wall time less the JAX compile time ``timer`` saw
        inside it, split in proportion to each phase's leapfrog steps."""
        steps = nuts_fields(prefix)[0]
        return split_loop(self.end - self.start - timer.seconds_between(self.start, self.end),
                          float(np.sum(self.warmup_fields[steps])), float(np.sum(self.fields[steps])))


def _split_iterations(states: dict, num_warmup: int) -> tuple[dict, dict]:
    """Each collected field (chains first) cut into its warm-up and its sampling iterations, on the host:
    slicing the (sharded) device arrays would compile one slice per field and phase, ~70 ms for a dozen
    fields, inside ``pm.sample``'s timed span for ``pymc.numpyro``; one ``device_get`` takes ~4 ms."""
    import jax

    states = jax.device_get(states)
    return (jax.tree.map(lambda x: x[:, :num_warmup], states), jax.tree.map(lambda x: x[:, num_warmup:], states))


def run_warmup_and_sampling(mcmc, rng_key, *args, extra_fields: tuple, init_params=None, run=None,
                            **kwargs) -> OneCallRun:
    """``mcmc.run`` once (default; ``run`` lets a subclass of ``MCMC`` pass its parent's ``run``),
    collecting the warm-up iterations as well, waited for. Afterwards ``mcmc`` holds the sampling
    iterations only, as after a plain ``run`` (``get_samples``, ``get_extra_fields``).

    ``args`` and ``kwargs`` go to the model (or potential) as in ``MCMC.run``.
    """
    import jax

    if mcmc.thinning != 1:
        raise ValueError("run_warmup_and_sampling keeps every iteration (thinning=1)")
    run = run or mcmc.run
    iterations = mcmc.num_warmup + mcmc.num_samples
    start = time.time()
    # what MCMC.warmup(collect_warmup=True) sets, over both phases; run resets it afterwards
    mcmc._set_collection_params(0, iterations, iterations, "warmup+sample")
    run(rng_key, *args, extra_fields=extra_fields, init_params=init_params, **kwargs)
    jax.block_until_ready(mcmc._states)
    end = time.time()
    warm_states, mcmc._states = _split_iterations(mcmc._states, mcmc.num_warmup)
    mcmc._states_flat = None
    return OneCallRun(mcmc.get_samples(group_by_chain=True), warm_states,
                      mcmc.get_extra_fields(group_by_chain=True), start, end, mcmc.chain_method)


def nuts_fields(prefix: str = "") -> tuple:
    """The extra fields NUTS statistics need; ``prefix`` for kernels that wrap NUTS (``"hmc_state."``)."""
    return tuple(prefix + name for name in ("num_steps", "diverging", "adapt_state.step_size"))


def nuts_statistics(run: OneCallRun, prefix: str = "") -> dict:
    """Leapfrog steps per phase, divergences (and which draws diverged), mean final step size, as
    ``SamplerOutput`` keywords."""
    steps, diverging, step_size = nuts_fields(prefix)
    return {"draw_stats": {"diverging": np.asarray(run.fields[diverging], dtype=bool)},
            "grad_evals_warmup": int(np.sum(run.warmup_fields[steps])),
            "grad_evals_sampling": int(np.sum(run.fields[steps])),
            "divergences": int(np.sum(run.fields[diverging])),
            "step_size": float(np.mean(np.asarray(run.fields[step_size])[:, -1]))}


def warmup_divergences(run: OneCallRun, prefix: str = "") -> int:
    """Divergent transitions during warm-up (kept apart from the sampling phase's)."""
    return int(np.sum(run.warmup_fields[nuts_fields(prefix)[1]]))
