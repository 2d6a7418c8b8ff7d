"""Warm-up and sampling of a NumPyro ``MCMC`` as two timed calls, and the NUTS statistics they yield."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass
class PhasedRun:
    """Draws and extra fields of both phases, with the wall-clock marks around them."""

    samples: dict
    warmup_fields: dict
    fields: dict
    warmup_start: float
    warmup_end: float
    end: float

    def warmup_seconds(self, timer) -> float:
        """Wall time of the warm-up call less the JAX compile time ``timer`` saw inside it."""
        return self.warmup_end - self.warmup_start - timer.seconds_between(self.warmup_start, self.warmup_end)

    def sampling_seconds(self, timer) -> float:
        """Wall time of the sampling call less the JAX compile time ``timer`` saw inside it."""
        return self.end - self.warmup_end - self.sampling_call_compile_seconds(timer)

    def sampling_call_compile_seconds(self, timer) -> float:
        """JAX compile time inside the sampling call: what timing the phases apart costs over one
        ``MCMC.run`` (NumPyro compiles its chain loop again for every call)."""
        return timer.seconds_between(self.warmup_end, self.end)


def warmup_then_sample(mcmc, rng_key, *args, extra_fields: tuple, init_params=None, run=None,
                       **kwargs) -> PhasedRun:
    """``mcmc.warmup`` then ``run`` (default ``mcmc.run``) from the warmed-up state, each waited for.

    ``args`` and ``kwargs`` go to the model (or potential) as in ``MCMC.run``; ``run`` lets a
    subclass of ``MCMC`` pass its parent's ``run``.
    """
    import jax

    run = run or mcmc.run
    warmup_start = time.time()
    mcmc.warmup(rng_key, *args, extra_fields=extra_fields, collect_warmup=True, init_params=init_params, **kwargs)
    jax.block_until_ready(mcmc.post_warmup_state)
    warmup_end = time.time()
    warmup_fields = mcmc.get_extra_fields(group_by_chain=True)
    run(mcmc.post_warmup_state.rng_key, *args, extra_fields=extra_fields, **kwargs)
    samples = mcmc.get_samples(group_by_chain=True)
    jax.block_until_ready(samples)
    end = time.time()
    return PhasedRun(samples, warmup_fields, mcmc.get_extra_fields(group_by_chain=True),
                     warmup_start, warmup_end, end)


def nuts_fields(prefix: str = "") -> tuple:
    """The extra fields NUTS statistics need; ``prefix`` for kernels that wrap NUTS (``"hmc_state."``)."""
    return tuple(prefix + name for name in ("num_steps", "diverging", "adapt_state.step_size"))


def nuts_statistics(run: PhasedRun, prefix: str = "") -> dict:
    """Leapfrog steps per phase, divergences (and which draws diverged), mean final step size, as
    ``SamplerOutput`` keywords."""
    steps, diverging, step_size = nuts_fields(prefix)
    return {"draw_stats": {"diverging": np.asarray(run.fields[diverging], dtype=bool)},
            "grad_evals_warmup": int(np.sum(run.warmup_fields[steps])),
            "grad_evals_sampling": int(np.sum(run.fields[steps])),
            "divergences": int(np.sum(run.fields[diverging])),
            "step_size": float(np.mean(np.asarray(run.fields[step_size])[:, -1]))}


def warmup_divergences(run: PhasedRun, prefix: str = "") -> int:
    """Divergent transitions during warm-up (kept apart from the sampling phase's)."""
    return int(np.sum(run.warmup_fields[nuts_fields(prefix)[1]]))
