"""Prior settings of the diabetes-trial hierarchical model (21.18), shared by both twins.

``informative``: mu ~ Normal(0.8, 0.2), the population HbA1c reduction (%) seen in prior studies
of similar drugs (centred near 0.8%, rarely below 0.4% or above 1.2%). ``weak``: mu ~ Normal(0, 2),
a weakly informative prior. Both share tau ~ HalfNormal(0.5) (between-site sd, %) and
sigma ~ HalfNormal(2) (patient-level sd, %).
"""

MU_PRIORS = {
    # name: (mean, sd) of mu
    "informative": (0.8, 0.2),
    "weak": (0.0, 2.0),
}
TAU_SD = 0.5
SIGMA_SD = 2.0


def mu_prior(prior: str) -> tuple[float, float]:
    """Return (mean, sd) of mu's Normal prior for a named prior, or raise ValueError."""
    if prior not in MU_PRIORS:
        raise ValueError(f"unknown prior {prior!r}; choose from {sorted(MU_PRIORS)}")
    return MU_PRIORS[prior]
