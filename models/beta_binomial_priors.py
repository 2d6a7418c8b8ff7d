"""Prior settings of the Beta-Binomial rate models (21.8, 21.13, 21.17, 21.21), shared by both twins.

``prior`` names where the rates' Beta prior theta_j ~ Beta(a, b) comes from:

- ``mu_kappa`` (hierarchical, partial pooling; 21.8b, 21.13, 21.17): a = mu * kappa,
  b = (1 - mu) * kappa, with mu ~ Beta(2, 20) (population mean rate, prior mean 9.1%, the
  exercise 21.8 prior) and kappa ~ LogNormal(log 100, 1.5) (population concentration, a prior
  sample size: median 100, 95% interval about 5 to 1900, so it covers heterogeneous pages
  (kappa ~ 30) as well as near-complete pooling (kappa in the thousands)).
- ``alpha_beta`` (hierarchical, 21.13a): a = alpha, b = beta, alpha, beta ~ Exponential(1).
- ``beta_2_20`` (no pooling; 21.8a, 21.8e): a, b = 2, 20 for every rate independently.
- ``beta_1_1`` (no pooling, flat; 21.21): a, b = 1, 1 for every rate independently.

Constants are float64 numpy scalars: PyTensor would store plain Python floats that are exact in
float32 (2.0, 20.0, 1.5) as float32 constants and lose precision in their log and gammaln terms.
"""
import numpy as np

PRIORS = ("mu_kappa", "alpha_beta", "beta_2_20", "beta_1_1")

MU_AB = (np.float64(2.0), np.float64(20.0))  # mu ~ Beta(2, 20)
KAPPA_LOGNORMAL = (np.log(100.0), np.float64(1.5))  # kappa ~ LogNormal(mu, sigma)
ALPHA_BETA_RATE = np.float64(1.0)  # alpha, beta ~ Exponential(1)
FIXED_AB = {  # no pooling: theta_j ~ Beta(a, b)
    "beta_2_20": (np.float64(2.0), np.float64(20.0)),
    "beta_1_1": (np.float64(1.0), np.float64(1.0)),
}


def check_prior(prior: str) -> str:
    """Return ``prior`` if it is a known setting, or raise ValueError naming the choices."""
    if prior not in PRIORS:
        raise ValueError(f"unknown prior {prior!r}; choose from {PRIORS}")
    return prior
