"""``numpyro.mams`` / ``pymc.mams``: Metropolis-adjusted microcanonical sampling (MAMS,
``blackjax.adjusted_mclmc_dynamic``) tuned by ``blackjax.adjusted_mclmc_find_L_and_step_size``, on either
twin's JAX log density (a flat vector).

Settings are the sampling book's ``run_adjusted_mclmc_dynamic`` (blackjax-devs/sampling-book
``book/algorithms/mclmc.md``, "Adjusted MCLMC": "mass matrix preconditioning, randomized trajectory length
and no in-proposal Langevin noise"): target acceptance 0.9, diagonal preconditioning, trajectory lengths
drawn uniformly with mean L/step_size (``make_random_trajectory_length_fn(True)``), ``L_proposal_factor``
inf, the default ``isokinetic_mclachlan`` integrator, and the tuner's other defaults (``max="avg"``,
``num_windows=1``, ``tuning_factor=1.3``, ``target_num_integration_steps=2``). The book's fractions
0.1/0.1/0.1 of ``num_steps`` give transitions in the ratio 1:1:1:1:1 (dual averaging, frac_tune1;
variance estimation, frac_tune2; dual averaging after preconditioning, frac_tune1; L from
autocorrelation, frac_tune3; final dual averaging, frac_tune1). Here ``num_steps=config.tune`` with
fractions 0.2 each keeps that ratio and spends ``config.tune`` transitions in all, as NUTS's warm-up does
(a MAMS transition is one trajectory of random length).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from harness.records.config import RunConfig
from harness.methods.blackjax_kernels import BlackjaxMethod, ChainRun, grads_per_step, per_chain, scan_draws

FRAC_TUNE = 0.2  # each of the tuner's three fractions, of num_steps = config.tune
TARGET_ACCEPTANCE = 0.9  # the sampling book's recommendation
DIAGONAL_PRECONDITIONING = True


def phase_steps(tune: int) -> dict:
    """Transitions per tuning phase, as ``adjusted_mclmc_find_L_and_step_size`` computes them."""
    n1, n2, n3 = int(tune * FRAC_TUNE), int(tune * FRAC_TUNE), int(tune * FRAC_TUNE)
    return {"step_size": n1, "variances": n2, "step_size_after_preconditioning": n1 if n2 else 0,
            "L_from_autocorrelation": n3, "step_size_final": n1 if n3 else 0}


class Mams(BlackjaxMethod):
    """``blackjax.adjusted_mclmc_dynamic`` after ``blackjax.adjusted_mclmc_find_L_and_step_size``, per chain."""

    algorithm = "mams"
    adaptation = (f"blackjax.adjusted_mclmc_find_L_and_step_size (dual averaging to acceptance {TARGET_ACCEPTANCE}, "
                  "diagonal preconditioning, L from autocorrelation), per chain")
    flat = True

    def run_chains(self, logdensity_fn: Callable, positions, rng_key, config: RunConfig, timer) -> ChainRun:
        import blackjax
        import jax
        import jax.numpy as jnp
        from blackjax.mcmc import integrators
        from blackjax.mcmc.adjusted_mclmc_dynamic import make_random_trajectory_length_fn

        from harness.methods.blackjax_nuts import run_phases

        integrator = integrators.isokinetic_mclachlan
        grads = grads_per_step(integrators.mclachlan_coefficients)
        trajectory_length = make_random_trajectory_length_fn(True)

        def warmup(key, position):
            init_key, tune_key = jax.random.split(key)
            state = blackjax.mcmc.adjusted_mclmc_dynamic.init(position, logdensity_fn, init_key)
            kernel = blackjax.mcmc.adjusted_mclmc_dynamic.build_kernel(
                integration_steps_fn=trajectory_length, integrator=integrator)
            state, params, steps = blackjax.adjusted_mclmc_find_L_and_step_size(
                mclmc_kernel=kernel, logdensity_fn=logdensity_fn, num_steps=config.tune, state=state,
                rng_key=tune_key, target=TARGET_ACCEPTANCE, frac_tune1=FRAC_TUNE, frac_tune2=FRAC_TUNE,
                frac_tune3=FRAC_TUNE, diagonal_preconditioning=DIAGONAL_PRECONDITIONING)
            return (state, params), (params.L, params.step_size, steps)

        def sample(key, carry):
            state, params = carry
            kernel = blackjax.adjusted_mclmc_dynamic(
                logdensity_fn, step_size=params.step_size, L_proposal_factor=jnp.inf,
                inverse_mass_matrix=params.inverse_mass_matrix, integrator=integrator,
                integration_steps_fn=trajectory_length, integration_steps_params=(params.L / params.step_size,))
            return scan_draws(kernel.step, state, key, config.draws,
                              lambda info: (info.num_integration_steps, info.is_divergent, info.acceptance_rate))

        _, (L, step_size, steps_warmup), (draws, (steps, divergent, acceptance)), timings = run_phases(
            warmup, sample, positions, rng_key, config, timer)
        divergent = np.asarray(divergent, dtype=bool)
        return ChainRun(
            positions=draws, timings=timings, step_size=np.asarray(step_size),
            grad_evals_warmup=grads * int(np.sum(steps_warmup)), grad_evals_sampling=grads * int(np.sum(steps)),
            divergences=int(divergent.sum()),
            tuning={"integrator": "isokinetic_mclachlan", "grads_per_step": grads,
                    "target_acceptance_rate": TARGET_ACCEPTANCE,
                    "diagonal_preconditioning": DIAGONAL_PRECONDITIONING, "random_trajectory_length": True,
                    "L_proposal_factor": "inf", "max": "avg", "num_windows": 1, "tuning_factor": 1.3,
                    "target_num_integration_steps": 2.0, "divergence_threshold": 1000,
                    "tuner_num_steps": config.tune, "frac_tune1": FRAC_TUNE, "frac_tune2": FRAC_TUNE,
                    "frac_tune3": FRAC_TUNE, "phase_steps": phase_steps(config.tune),
                    "integration_steps_warmup": [int(n) for n in np.asarray(steps_warmup)], "L": per_chain(L),
                    "step_size": per_chain(step_size),
                    "avg_num_integration_steps": per_chain(np.asarray(L) / np.asarray(step_size))},
            extra={"acceptance_rate_mean": float(np.mean(acceptance))},
            draw_stats={"diverging": divergent},
        )


class NumpyroMams(Mams):
    name = "numpyro.mams"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = "BlackJAX MAMS (adjusted_mclmc_dynamic, adjusted_mclmc_find_L_and_step_size) on the NumPyro model's potential, float64"


class PymcMams(Mams):
    name = "pymc.mams"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = "BlackJAX MAMS (adjusted_mclmc_dynamic, adjusted_mclmc_find_L_and_step_size) on the PyMC model's JAX log density, float64"
