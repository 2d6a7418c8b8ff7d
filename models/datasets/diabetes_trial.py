"""Exercise 21.18: a six-site diabetes trial, patient-level HbA1c reduction (simulated, seed 2118).

The chapter names the trial but does not give its data, so it is simulated, in this order from
``np.random.default_rng(2118)``:

    base_s       ~ UniformInteger(40, 250)        base patient counts at each of 6 sites
    theta_s      ~ Normal(0.7, 0.2)               true site effects (% HbA1c reduction)
    n_patients_s = max(1, round(base_s * size))   scaled after drawing, like medicore_response
    y_i          ~ Normal(theta_site[i], 1.0)     each patient's reduction after 12 weeks

Site-level draws come first, so ``size`` changes only the patients; ``size`` = 1 gives the 881
patients of the exercise bit for bit (``size`` 1.14 .. 1,135 gives ~1e3 .. 1e6). Patients are
listed site by site; ``site`` is each patient's 0-based site index. The twins use the patient
level data (``y``, ``site``) and take the number of sites from ``n_patients``.
"""
import numpy as np

N_SITES = 6
TRUE_MU = 0.7
TRUE_TAU = 0.2
PATIENT_SD = 1.0


def _base_counts(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(40, 251, size=N_SITES).astype(np.int64)


def _scaled(base: np.ndarray, size: float) -> np.ndarray:
    return np.maximum(1, np.round(base * size)).astype(np.int64)


def observations(size: float = 1.0) -> int:
    """Number of patients ``load(size)`` returns: the scaled site counts, without drawing patients."""
    return int(_scaled(_base_counts(np.random.default_rng(2118)), size).sum())


def load(size: float = 1.0) -> dict:
    """Return per-patient reductions ``y``, their ``site`` index and ``n_patients`` per site (int64)."""
    rng = np.random.default_rng(2118)
    base = _base_counts(rng)
    true_theta = rng.normal(TRUE_MU, TRUE_TAU, size=N_SITES)
    n_patients = _scaled(base, size)
    site = np.repeat(np.arange(N_SITES, dtype=np.int64), n_patients)
    y = rng.normal(true_theta[site], PATIENT_SD)
    return {"y": y, "site": site, "n_patients": n_patients}
