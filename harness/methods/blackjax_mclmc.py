"""``numpyro.mclmc`` / ``pymc.mclmc``: unadjusted microcanonical Langevin Monte Carlo (``blackjax.mclmc``)
tuned by ``blackjax.mclmc_find_L_and_step_size``, on either twin's JAX log density (a flat vector).

Settings are the sampling book's ``run_mclmc`` (blackjax-devs/sampling-book ``book/algorithms/mclmc.md``)
and the tuner's documented defaults: ``isokinetic_mclachlan``, ``desired_energy_var=5e-4``,
``trust_in_estimate=1.5``, ``num_effective_samples=150``, ``l_factor=0.4``, and diagonal
preconditioning on (the tuner's default; the book's examples turn it off, but a hierarchical posterior's
scales differ). The book runs the tuner with ``num_steps`` = the sampling length and fractions
0.1/0.1/0.1, i.e. phases in the ratio 3:3:1:3 (step size; step size + variances; step-size re-tune after
preconditioning, a third of phase 2; L from autocorrelation). Here ``num_steps=config.tune`` with
fractions 0.3 each keeps that ratio and spends ``config.tune`` steps in all, so the warm-up is as many
transitions as NUTS's (each transition is one integration step, not a trajectory).

Unadjusted: no Metropolis step, so its draws carry a step-size bias by design (no divergences either;
``divergences`` is None). ``extra["energy_var_per_dim"]`` is the sampling phase's mean squared energy
error per dimension, the quantity the tuner aims at ``desired_energy_var``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from harness.records.config import RunConfig
from harness.methods.blackjax_kernels import BlackjaxMethod, ChainRun, grads_per_step, per_chain, scan_draws

FRAC_TUNE = 0.3  # each of the tuner's three fractions, of num_steps = config.tune
DESIRED_ENERGY_VAR = 5e-4
DIAGONAL_PRECONDITIONING = True


def phase_steps(tune: int) -> dict:
    """Integration steps per tuning phase, as ``mclmc_find_L_and_step_size`` computes them."""
    n1, n2, n3 = round(tune * FRAC_TUNE), round(tune * FRAC_TUNE), round(tune * FRAC_TUNE)
    retune = round(n2 / 3) if DIAGONAL_PRECONDITIONING and n2 > 1 else 0
    return {"step_size": n1, "step_size_and_variances": n2, "step_size_after_preconditioning": retune,
            "L_from_autocorrelation": n3 if n3 >= 2 else 0}


class Mclmc(BlackjaxMethod):
    """``blackjax.mclmc`` after ``blackjax.mclmc_find_L_and_step_size``, one tuning per chain."""

    algorithm = "mclmc"
    adaptation = ("blackjax.mclmc_find_L_and_step_size (energy-variance step size, diagonal preconditioning, "
                  "L from autocorrelation), per chain")
    flat = True

    def run_chains(self, logdensity_fn: Callable, positions, rng_key, config: RunConfig, timer) -> ChainRun:
        import blackjax
        import jax
        from blackjax.mcmc import integrators

        from harness.methods.blackjax_nuts import run_phases

        integrator = integrators.isokinetic_mclachlan
        grads = grads_per_step(integrators.mclachlan_coefficients)

        def warmup(key, position):
            init_key, tune_key = jax.random.split(key)
            state = blackjax.mcmc.mclmc.init(position, logdensity_fn, init_key)
            state, params, _ = blackjax.mclmc_find_L_and_step_size(
                mclmc_kernel=blackjax.mcmc.mclmc.build_kernel(integrator=integrator), num_steps=config.tune,
                state=state, rng_key=tune_key, logdensity_fn=logdensity_fn, frac_tune1=FRAC_TUNE,
                frac_tune2=FRAC_TUNE, frac_tune3=FRAC_TUNE, desired_energy_var=DESIRED_ENERGY_VAR,
                diagonal_preconditioning=DIAGONAL_PRECONDITIONING)
            return (state, params), (params.L, params.step_size)

        def sample(key, carry):
            state, params = carry
            kernel = blackjax.mclmc(logdensity_fn, L=params.L, step_size=params.step_size, integrator=integrator,
                                    inverse_mass_matrix=params.inverse_mass_matrix)
            return scan_draws(kernel.step, state, key, config.draws, lambda info: (info.energy_change, info.nonans))

        _, (L, step_size), (draws, (energy_change, nonans)), timings = run_phases(
            warmup, sample, positions, rng_key, config, timer)
        dim = positions.shape[-1]
        steps = phase_steps(config.tune)
        return ChainRun(
            positions=draws, timings=timings, step_size=np.asarray(step_size),
            grad_evals_warmup=grads * sum(steps.values()) * config.chains,
            grad_evals_sampling=grads * config.draws * config.chains,
            tuning={"integrator": "isokinetic_mclachlan", "grads_per_step": grads,
                    "desired_energy_var": DESIRED_ENERGY_VAR, "trust_in_estimate": 1.5,
                    "num_effective_samples": 150, "l_factor": 0.4,
                    "diagonal_preconditioning": DIAGONAL_PRECONDITIONING, "tuner_num_steps": config.tune,
                    "frac_tune1": FRAC_TUNE, "frac_tune2": FRAC_TUNE, "frac_tune3": FRAC_TUNE,
                    "phase_steps": steps, "L": per_chain(L), "step_size": per_chain(step_size)},
            extra={"energy_var_per_dim": per_chain(np.mean(np.square(energy_change), axis=1) / dim),
                   "nan_steps": int(np.sum(~np.asarray(nonans)))},
        )


class NumpyroMclmc(Mclmc):
    name = "numpyro.mclmc"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = "BlackJAX unadjusted MCLMC (mclmc_find_L_and_step_size) on the NumPyro model's potential, float64"


class PymcMclmc(Mclmc):
    name = "pymc.mclmc"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = "BlackJAX unadjusted MCLMC (mclmc_find_L_and_step_size) on the PyMC model's JAX log density, float64"
