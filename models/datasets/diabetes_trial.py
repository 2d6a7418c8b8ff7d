"""Exercise 21.18: a six-site diabetes trial, patient-level HbA1c reduction (simulated, seed 2118).

The chapter names the trial but does not give its data, so it is simulated:

    n_patients_s ~ UniformInteger(40, 250)        patients at each of 6 sites
    theta_s      ~ Normal(0.7, 0.2)               true site effects (% HbA1c reduction)
    y_i          ~ Normal(theta_site[i], 1.0)     each patient's reduction after 12 weeks

Patients are listed site by site; ``site`` is each patient's 0-based site index.
"""
import numpy as np

N_SITES = 6
TRUE_MU = 0.7
TRUE_TAU = 0.2
PATIENT_SD = 1.0


def load() -> dict:
    """Return per-patient reductions ``y``, their ``site`` index and ``n_patients`` per site (int64)."""
    rng = np.random.default_rng(2118)
    n_patients = rng.integers(40, 251, size=N_SITES).astype(np.int64)
    true_theta = rng.normal(TRUE_MU, TRUE_TAU, size=N_SITES)
    site = np.repeat(np.arange(N_SITES, dtype=np.int64), n_patients)
    y = rng.normal(true_theta[site], PATIENT_SD)
    return {"y": y, "site": site, "n_patients": n_patients}
