"""Exercises 21.9, 21.16, 21.27: MediCore hospital-level treatment effects (simulated, seed 2109).

The chapter names the data but does not give it, so it is simulated (blood-pressure reduction,
treatment minus control, in mmHg) for 12 hospitals:

    n_per_arm_j ~ round(exp(Uniform(log 12, log 450)))   patients per arm, spread widely
    theta_j     ~ Normal(9, 3)                           true hospital effects (mu_pop 9, tau 3)
    sigma_j     = 15 * sqrt(2 / n_per_arm_j)             standard error (patient sd 15 mmHg)
    y_j         ~ Normal(theta_j, sigma_j)               observed effect

so the standard errors run from about 1 to about 6 mmHg. ``sigma`` is treated as known.
"""
import numpy as np

N_HOSPITALS = 12
TRUE_MU_POP = 9.0
TRUE_TAU = 3.0
PATIENT_SD = 15.0


def load() -> dict:
    """Return observed effects ``y``, standard errors ``sigma`` and ``n_per_arm`` (int64)."""
    rng = np.random.default_rng(2109)
    n_per_arm = np.round(np.exp(rng.uniform(np.log(12), np.log(450), size=N_HOSPITALS))).astype(np.int64)
    true_theta = rng.normal(TRUE_MU_POP, TRUE_TAU, size=N_HOSPITALS)
    sigma = PATIENT_SD * np.sqrt(2.0 / n_per_arm)
    y = rng.normal(true_theta, sigma)
    return {"y": y, "sigma": sigma, "n_per_arm": n_per_arm}
