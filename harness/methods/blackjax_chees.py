"""ChEES-HMC (Hoffman, Radul & Sountsov 2021, "An Adaptive-MCMC Scheme for Setting Trajectory Lengths
in Hamiltonian Monte Carlo") on either twin: ``numpyro.chees`` and ``pymc.chees``.

``blackjax.chees_adaptation`` tunes, across an ensemble of chains, the step size (dual averaging of
the harmonic-mean acceptance towards 0.651) and the trajectory length (Adam on the ChEES criterion,
in log space); then ``blackjax.dynamic_hmc`` samples with the adapted step size and the jittered
number of leapfrog steps the adaptation hands back (``integration_steps_fn``: a quasi-random Halton
fraction of the adapted length, the same for every chain at one iteration, so chains run in lockstep).

Settings, and where they come from:

- optimizer ``optax.adam(learning_rate=0.025, b1=0.0, b2=0.95)``: Adam without momentum at rate
  0.025, the paper's and its reference implementation's (TFP
  ``GradientBasedTrajectoryLengthAdaptation``: ``adaptation_rate=0.025``,
  ``averaged_sq_grad_adaptation_rate=0.05`` i.e. b2 = 0.95, no first moment). BlackJAX's docstring
  leaves the rate to the user (``optax.adam(learning_rate)``).
- target acceptance 0.651 (``blackjax...OPTIMAL_TARGET_ACCEPTANCE_RATE``, the paper's; it targets the
  harmonic mean of the chains' acceptance, not NUTS's mean, so ``config.target_accept`` is not used).
- initial step size 0.1 (BlackJAX's docs/tests and TFP's ChEES example), jitter amount 1.0, decay
  rate 0.5 and at most 1000 leapfrog steps: ``chees_adaptation``'s defaults; identity mass matrix
  (``mass_matrix_estimation=None``, the default and the paper's algorithm).
- 128 chains (``CHEES_CHAINS``): many chains in lockstep, as the paper's GPU/TPU experiments; the same
  ensemble size as the MEADS paper and the sampling book's ``meads_adaptation`` example (128).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from harness.methods.many_chains import Draws, ManyChainsMethod, Warmup, scan_vectorized
from harness.records.config import RunConfig

CHEES_CHAINS = 128
LEARNING_RATE = 0.025
ADAM_B1 = 0.0
ADAM_B2 = 0.95
TARGET_ACCEPTANCE = 0.651
INITIAL_STEP_SIZE = 0.1
JITTER_AMOUNT = 1.0
DECAY_RATE = 0.5
MAX_LEAPFROG_STEPS = 1000
WARMUP_INFO = {"num_integration_steps", "is_divergent"}


class BlackjaxChees(ManyChainsMethod):
    """``blackjax.chees_adaptation`` + ``blackjax.dynamic_hmc`` over ``CHEES_CHAINS`` vectorized chains."""

    algorithm = "chees"
    num_chains = CHEES_CHAINS
    mass_matrix_estimation = None  # chees_adaptation's default; "diagonal" is this BlackJAX's opt-in extension
    adaptation = (f"blackjax.chees_adaptation across {CHEES_CHAINS} chains (step size: dual averaging; "
                  "trajectory length: Adam on the ChEES criterion), then blackjax.dynamic_hmc with the "
                  "jittered (Halton) number of leapfrog steps")

    def build(self, logdensity: Callable, config: RunConfig, draws: int) -> tuple[Callable, Callable]:
        import blackjax
        import optax
        from blackjax.adaptation.base import get_filter_adapt_info_fn

        num_chains, tune = self.num_chains, config.tune
        # chees_adaptation hands back the sampler's integration_steps_fn / next_random_arg_fn as plain
        # Python closures over constants (the Halton jitter); they are kept here when the warm-up is
        # traced so the sampling kernel uses exactly the adaptation's jitter.
        kernel_fns = {}

        def warmup(rng_key, positions) -> Warmup:
            adaptation = blackjax.chees_adaptation(
                logdensity, num_chains, target_acceptance_rate=TARGET_ACCEPTANCE, jitter_amount=JITTER_AMOUNT,
                decay_rate=DECAY_RATE, max_leapfrog_steps=MAX_LEAPFROG_STEPS,
                mass_matrix_estimation=self.mass_matrix_estimation,
                adaptation_info_fn=get_filter_adapt_info_fn(info_keys=WARMUP_INFO))
            optim = optax.adam(learning_rate=LEARNING_RATE, b1=ADAM_B1, b2=ADAM_B2)
            (state, parameters), info = adaptation.run(rng_key, positions, step_size=INITIAL_STEP_SIZE, optim=optim,
                                                       num_steps=tune, max_sampling_steps=draws)
            kernel_fns.update(integration_steps_fn=parameters["integration_steps_fn"],
                              next_random_arg_fn=parameters["next_random_arg_fn"])
            tuned = {"step_size": parameters["step_size"], "inverse_mass_matrix": parameters["inverse_mass_matrix"],
                     "num_leapfrog_steps": parameters["integration_steps_params"][0]}
            return Warmup(state, tuned, info.info.num_integration_steps, info.info.is_divergent)

        def sample(rng_key, state, tuned) -> Draws:
            kernel = blackjax.dynamic_hmc(
                logdensity, step_size=tuned["step_size"], inverse_mass_matrix=tuned["inverse_mass_matrix"],
                integration_steps_params=(tuned["num_leapfrog_steps"],), **kernel_fns)
            return scan_vectorized(kernel.step, state, rng_key, num_chains, draws)

        return warmup, sample

    def tuning(self, config: RunConfig, parameters: dict, result: Draws) -> dict:
        step_size = float(parameters["step_size"])
        num_leapfrog_steps = float(parameters["num_leapfrog_steps"])
        return {
            "optimizer": "optax.adam", "learning_rate": LEARNING_RATE, "adam_b1": ADAM_B1, "adam_b2": ADAM_B2,
            "target_acceptance_rate": TARGET_ACCEPTANCE, "initial_step_size": INITIAL_STEP_SIZE,
            "jitter": "halton", "jitter_amount": JITTER_AMOUNT, "decay_rate": DECAY_RATE,
            "max_leapfrog_steps": MAX_LEAPFROG_STEPS, "mass_matrix_estimation": self.mass_matrix_estimation,
            "step_size": step_size, "trajectory_length": step_size * num_leapfrog_steps,
            "max_num_leapfrog_steps": num_leapfrog_steps,
            "mean_leapfrog_steps_sampling": float(np.mean(np.asarray(result.steps))),
            "sources": {"learning_rate, adam_b1, adam_b2": "ChEES paper / TFP GradientBasedTrajectoryLengthAdaptation "
                                                           "(adaptation_rate=0.025, averaged_sq_grad_adaptation_rate=0.05)",
                        "target_acceptance_rate": "ChEES paper; blackjax OPTIMAL_TARGET_ACCEPTANCE_RATE",
                        "initial_step_size": "BlackJAX docs/tests and TFP ChEES example",
                        "num_chains": "many chains as in the ChEES paper; 128 as the MEADS paper and the "
                                      "BlackJAX sampling book's many-chain example",
                        "other": "blackjax.chees_adaptation defaults"},
        }


class NumpyroChees(BlackjaxChees):
    """ChEES-HMC on ``-potential_fn`` of the NumPyro twin, from NumPyro's ``init_to_uniform`` points."""

    name = "numpyro.chees"
    backend = "numpyro"
    gradient_backend = "numpyro_jax"
    description = f"BlackJAX ChEES-HMC ({CHEES_CHAINS} vectorized chains) on the NumPyro model's potential, float64"


class PymcChees(BlackjaxChees):
    """ChEES-HMC on the PyMC twin's JAX log density, from PyMC's jittered initial points."""

    name = "pymc.chees"
    backend = "pymc"
    gradient_backend = "pymc_jax"
    description = f"BlackJAX ChEES-HMC ({CHEES_CHAINS} vectorized chains) on the PyMC model's JAX log density, float64"
