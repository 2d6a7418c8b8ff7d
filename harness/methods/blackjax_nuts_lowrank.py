"""``numpyro.blackjax_lowrank`` / ``pymc.blackjax_lowrank``: BlackJAX NUTS after
``blackjax.window_adaptation_low_rank``, on either twin's JAX log density.

The adaptation is Stan's three-phase window schedule with the Fisher-divergence low-rank plus diagonal
mass matrix of Seyboldt, Carlson & Carpenter (2026) in place of Welford's diagonal, at its documented
defaults (``max_rank=10``, ``gamma=1e-5``, ``cutoff=2``, ``build_schedule``, ``buffer_policy="reset"``,
no gradient-based initialisation; blackjax ``adaptation/low_rank_adaptation.py`` and the sampling book's
``book/algorithms/low_rank_mass_matrix.md``), and ``config.target_accept`` (0.8 by default, its own
default too). Warm-up is ``config.tune`` NUTS transitions, as for ``numpyro.blackjax``, whose
``blackjax_nuts.run_nuts`` (chain layouts, timing, sampling loop) this reuses with the adaptation swapped.
The chain restarts at the adaptation's optimal translation mu* (one gradient evaluation per chain, not
counted, like the initial states' of every BlackJAX method).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from harness.records.config import RunConfig
from harness.methods.blackjax_kernels import BlackjaxMethod, ChainRun, per_chain

LOW_RANK = {"max_rank": 10, "gamma": 1e-5, "cutoff": 2.0, "initial_step_size": 1.0, "schedule": "build_schedule",
            "buffer_policy": "reset", "gradient_based_init": False}


def low_rank_adaptation(logdensity_fn: Callable, target_accept: float):
    """``blackjax.window_adaptation_low_rank`` of NUTS at its defaults, keeping per step only the
    warm-up statistics and the mu* the adaptation restarts from."""
    import blackjax
    from blackjax.adaptation.base import get_filter_adapt_info_fn

    from harness.methods.blackjax_nuts import WARMUP_INFO

    return blackjax.window_adaptation_low_rank(
        blackjax.nuts, logdensity_fn, target_acceptance_rate=target_accept,
        adaptation_info_fn=get_filter_adapt_info_fn(info_keys=WARMUP_INFO, adapt_state_keys={"mu_star"}))


class NutsLowRank(BlackjaxMethod):
    """``blackjax.window_adaptation_low_rank`` then ``blackjax.nuts``, per chain (``run_nuts``)."""

    algorithm = "blackjax_lowrank"
    adaptation = "blackjax.window_adaptation_low_rank (low-rank + diagonal mass matrix), per chain"

    def run_chains(self, logdensity_fn: Callable, positions, rng_key, config: RunConfig, timer) -> ChainRun:
        from harness.methods.blackjax_nuts import run_nuts

        result, timings = run_nuts(logdensity_fn, positions, rng_key, config, timer, adaptation=low_rank_adaptation)
        return ChainRun(
            positions=result.positions, timings=timings, step_size=result.step_size,
            grad_evals_warmup=int(result.steps_warmup.sum()), grad_evals_sampling=int(result.steps.sum()),
            divergences=int(result.divergent.sum()),
            tuning={"target_acceptance_rate": config.target_accept, **LOW_RANK, "num_tuning_steps": config.tune,
                    "step_size": per_chain(result.step_size)},
            extra={"divergences_warmup": int(result.divergent_warmup.sum())},
            draw_stats={"diverging": np.asarray(result.divergent, dtype=bool)},
        )


class NumpyroBlackjaxLowRank(NutsLowRank):
    name = "numpyro.blackjax_lowrank"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = "BlackJAX NUTS (window_adaptation_low_rank) on the NumPyro model's potential, float64"


class PymcBlackjaxLowRank(NutsLowRank):
    name = "pymc.blackjax_lowrank"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = "BlackJAX NUTS (window_adaptation_low_rank) on the PyMC model's JAX log density, float64"
