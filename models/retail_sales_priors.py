"""Priors of the retail varying-intercept / varying-slope models (21.12), shared by both twins.

Sales are in thousand $ per month, ad spend scaled as in ``models.datasets.retail_stores``.
The 2 x 2 correlation R of (alpha_j, beta_j) has an LKJ(eta) prior; for a 2 x 2 matrix this is
exactly (rho + 1) / 2 ~ Beta(eta, eta) on its one free entry rho (both twins sample ``rho``).
"""

SLOPES = ("varying", "common")
PARAMETERIZATIONS = ("noncentered", "centered")

PRIORS = {
    "mu_alpha": (50.0, 25.0),  # Normal(mean, sd): average store's sales at $10k ad spend
    "mu_beta": (0.0, 10.0),  # Normal(mean, sd): average gain per extra $4k ad spend
    "sd_alpha": 20.0,  # HalfNormal scale
    "sd_beta": 5.0,  # HalfNormal scale
    "sigma": 10.0,  # HalfNormal scale, month-to-month noise
}
LKJ_ETA = 2.0


def check_slopes(slopes: str) -> str:
    """Return ``slopes`` if it is a known structure, else raise ValueError."""
    if slopes not in SLOPES:
        raise ValueError(f"unknown slopes {slopes!r}; choose from {SLOPES}")
    return slopes


def check_parameterization(parameterization: str) -> str:
    """Return ``parameterization`` if it is known, else raise ValueError."""
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    return parameterization
