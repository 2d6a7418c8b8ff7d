"""MEADS (Hoffman & Sountsov 2022, "Tuning-Free Generalized Hamiltonian Monte Carlo") on either twin:
``numpyro.meads`` and ``pymc.meads``.

``blackjax.meads_adaptation`` runs generalized HMC (one leapfrog step per iteration, persistent
momentum, non-reversible slice) on an ensemble split into folds, setting each fold's step size,
diagonal momentum scale and damping from the other folds' positions and gradients (Algorithm 3:
the fold ``t mod K`` is frozen at step ``t``, folds are reshuffled every K steps). Then
``blackjax.ghmc`` samples every chain with the fold-averaged parameters it hands back, as the
BlackJAX sampling book does (``blackjax.ghmc(logdensity_fn, **parameters)``).

Settings, and where they come from: 128 chains in ``num_folds=4`` folds (the paper's experiments and
default K; the sampling book's sparse-regression example runs 128 chains with the default 4 folds, its
MEADS chapter 64); step-size multiplier 0.5 and damping slowdown 1.0, ``meads_adaptation``'s
defaults, which are the paper's; diagonal momentum metric (``low_rank_rank=None``, the default and
the paper's). The chains start from the twin's own initial points, like every other method here; the
sampling book's MEADS chapter starts them near the typical set from a short NUTS run instead, which
this method does not do.

Gradient evaluations: one per chain and iteration. In warm-up the frozen fold's step is computed
with the others (``jax.vmap`` over all chains) and then discarded, so it counts too: what is paid is
``num_chains * tune``.
"""
from __future__ import annotations

from typing import Callable

from harness.methods.many_chains import Draws, ManyChainsMethod, Warmup, scan_vectorized
from harness.records.config import RunConfig

MEADS_CHAINS = 128
NUM_FOLDS = 4
STEP_SIZE_MULTIPLIER = 0.5
DAMPING_SLOWDOWN = 1.0
WARMUP_INFO = {"num_integration_steps", "is_divergent"}


class BlackjaxMeads(ManyChainsMethod):
    """``blackjax.meads_adaptation`` + ``blackjax.ghmc`` over ``MEADS_CHAINS`` vectorized chains."""

    algorithm = "meads"
    num_chains = MEADS_CHAINS
    adaptation = (f"blackjax.meads_adaptation across {MEADS_CHAINS} chains in {NUM_FOLDS} folds (step size, "
                  "diagonal momentum scale, damping from the other folds), then blackjax.ghmc with the "
                  "fold-averaged parameters")

    def build(self, logdensity: Callable, config: RunConfig, draws: int) -> tuple[Callable, Callable]:
        import blackjax
        from blackjax.adaptation.base import get_filter_adapt_info_fn

        num_chains, tune = self.num_chains, config.tune

        def warmup(rng_key, positions) -> Warmup:
            adaptation = blackjax.meads_adaptation(
                logdensity, num_chains=num_chains, num_folds=NUM_FOLDS, step_size_multiplier=STEP_SIZE_MULTIPLIER,
                damping_slowdown=DAMPING_SLOWDOWN, adaptation_info_fn=get_filter_adapt_info_fn(info_keys=WARMUP_INFO))
            (state, parameters), info = adaptation.run(rng_key, positions, num_steps=tune)
            return Warmup(state, parameters, info.info.num_integration_steps, info.info.is_divergent)

        def sample(rng_key, state, parameters) -> Draws:
            kernel = blackjax.ghmc(logdensity, **parameters)
            return scan_vectorized(kernel.step, state, rng_key, num_chains, draws)

        return warmup, sample

    def tuning(self, config: RunConfig, parameters: dict, result: Draws) -> dict:
        return {
            "num_folds": NUM_FOLDS, "step_size_multiplier": STEP_SIZE_MULTIPLIER,
            "damping_slowdown": DAMPING_SLOWDOWN, "momentum_metric": "diagonal (low_rank_rank=None)",
            "step_size": float(parameters["step_size"]), "alpha": float(parameters["alpha"]),
            "delta": float(parameters["delta"]), "leapfrog_steps_per_iteration": 1,
            "initialization": "the twin's own initial points (no NUTS pre-run)",
            "sources": {"num_chains, num_folds": "MEADS paper (128 chains, K=4); BlackJAX sampling book "
                                                 "sparse-regression example (128 chains, default 4 folds)",
                        "step_size_multiplier, damping_slowdown": "MEADS paper, blackjax.meads_adaptation defaults"},
        }


class NumpyroMeads(BlackjaxMeads):
    """MEADS on ``-potential_fn`` of the NumPyro twin, from NumPyro's ``init_to_uniform`` points."""

    name = "numpyro.meads"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = f"BlackJAX MEADS + GHMC ({MEADS_CHAINS} vectorized chains) on the NumPyro model's potential, float64"


class PymcMeads(BlackjaxMeads):
    """MEADS on the PyMC twin's JAX log density, from PyMC's jittered initial points."""

    name = "pymc.meads"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = f"BlackJAX MEADS + GHMC ({MEADS_CHAINS} vectorized chains) on the PyMC model's JAX log density, float64"
