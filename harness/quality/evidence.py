"""Exact log marginal likelihoods (log evidence, log p(y)) of the exercise posteriors that have one.

Pure NumPy/SciPy: no sampler, no twin. ``exact_log_evidence(posterior_name, data, options)`` returns
log p(y) in nats, with the same normalisation as both twins' likelihoods (the binomial coefficient
and the Gaussian 1/sqrt(2 pi) included, as ``pm.Binomial`` / ``dist.Binomial`` and the Normals have
them), or None when the posterior's evidence is not known exactly. ``options`` are the twin's
options (``posterior.model_options(...)``); ``holdout`` / ``fold`` (``models.holdout``) drop the
left-out observations' likelihood terms, so their factor of the evidence is 1.

Known exactly (``EXACT_EVIDENCE`` says how):

- ``ab_test-beta_binomial`` (theta_j ~ Beta(1, 1)) and ``conversion_pages-no_pooling``
  (theta_j ~ Beta(2, 20)): independent Beta-Binomial arms, closed form,
  p(y) = prod_j C(n_j, y_j) B(y_j + a, n_j - y_j + b) / B(a, b).
- ``eight_schools-complete_pooling``: mu ~ N(0, 20^2), y_j ~ N(mu, sigma_j^2), closed form,
  y ~ N(0, 20^2 1 1^T + diag(sigma^2)).
- ``eight_schools-no_pooling``: theta_j ~ N(0, 20^2) independently, closed form,
  p(y) = prod_j N(y_j; 0, 20^2 + sigma_j^2).
- ``eight_schools-noncentered`` and ``eight_schools-centered`` (the same generative model, so the
  same evidence): theta and mu integrated out in closed form, y | tau ~ N(0, 20^2 1 1^T +
  diag(sigma^2 + tau^2)), and tau ~ HalfCauchy(10) by one-dimensional adaptive quadrature
  (``scipy.integrate.quad`` after tau = 10 tan(u), a smooth integrand on [0, pi/2]); exact to the
  quadrature's error (below 1e-9 relative), not closed form.

Not exact, and so None: every posterior with a non-conjugate scale (the regressions'
sigma ~ HalfNormal(5): linreg_sim, mlr_sim, nested_regression; reading_scores' and medicore's
hierarchical scales could be done by the same quadrature as eight schools but are not here),
the hierarchical Beta-Binomials (mu, kappa / alpha, beta have no conjugate prior), and the GLMs.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import integrate, special, stats

from models.holdout import kept

# prior constants of the twins (models/beta_binomial_priors.py FIXED_AB, models/*/eight_schools.py)
BETA_PRIORS = {"beta_1_1": (1.0, 1.0), "beta_2_20": (2.0, 20.0)}
EIGHT_SCHOOLS_PRIOR_SD = 20.0  # mu ~ N(0, 20) (partial, complete pooling); theta_j ~ N(0, 20) (no pooling)
EIGHT_SCHOOLS_TAU_SCALE = 10.0  # tau ~ HalfCauchy(10)

EXACT_EVIDENCE = {
    "ab_test-beta_binomial": "closed form: product of Beta-Binomial evidences, Beta(1, 1) prior",
    "conversion_pages-no_pooling": "closed form: product of Beta-Binomial evidences, Beta(2, 20) prior",
    "eight_schools-complete_pooling": "closed form: y ~ N(0, 20^2 11^T + diag(sigma^2))",
    "eight_schools-no_pooling": "closed form: product of N(y_j; 0, 20^2 + sigma_j^2)",
    "eight_schools-noncentered": "mu, theta in closed form; tau ~ HalfCauchy(10) by 1-D quadrature",
    "eight_schools-centered": "mu, theta in closed form; tau ~ HalfCauchy(10) by 1-D quadrature",
}


def beta_binomial_log_evidence(n, y, a: float, b: float) -> float:
    """log prod_j C(n_j, y_j) B(y_j + a, n_j - y_j + b) / B(a, b): independent theta_j ~ Beta(a, b)."""
    n, y = np.asarray(n, dtype=np.float64), np.asarray(y, dtype=np.float64)
    log_choose = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
    return float(np.sum(log_choose + special.betaln(y + a, n - y + b) - special.betaln(a, b)))


def gaussian_pooled_log_evidence(y, sigma, prior_sd: float, tau: float = 0.0) -> float:
    """log N(y; 0, prior_sd^2 11^T + diag(sigma^2 + tau^2)): mu ~ N(0, prior_sd^2), y_j ~ N(mu, sigma_j^2 + tau^2)."""
    y, sigma = np.asarray(y, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    if y.size == 0:
        return 0.0
    cov = prior_sd ** 2 * np.ones((y.size, y.size)) + np.diag(sigma ** 2 + tau ** 2)
    return float(stats.multivariate_normal(np.zeros(y.size), cov).logpdf(y))


def gaussian_independent_log_evidence(y, sigma, prior_sd: float) -> float:
    """log prod_j N(y_j; 0, prior_sd^2 + sigma_j^2): theta_j ~ N(0, prior_sd^2), y_j ~ N(theta_j, sigma_j^2)."""
    y, sigma = np.asarray(y, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    return float(np.sum(stats.norm.logpdf(y, 0.0, np.sqrt(prior_sd ** 2 + sigma ** 2))))


def eight_schools_partial_log_evidence(y, sigma, prior_sd: float = EIGHT_SCHOOLS_PRIOR_SD,
                                       tau_scale: float = EIGHT_SCHOOLS_TAU_SCALE) -> float:
    """log int HalfCauchy(tau; tau_scale) N(y; 0, prior_sd^2 11^T + diag(sigma^2 + tau^2)) dtau.

    With tau = tau_scale tan(u), HalfCauchy(tau) dtau = (2 / pi) du on [0, pi/2): a bounded, smooth
    integrand that ``quad`` integrates to ~1e-12 relative error. The integrand is scaled by its value
    at the mode of a coarse grid so that it is of order 1.
    """
    y, sigma = np.asarray(y, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    if y.size == 0:
        return 0.0

    def log_f(u):
        return gaussian_pooled_log_evidence(y, sigma, prior_sd, tau_scale * math.tan(u))

    grid = np.linspace(0.0, math.pi / 2, 201)[:-1]
    shift = max(log_f(u) for u in grid)
    value, error = integrate.quad(lambda u: math.exp(log_f(u) - shift), 0.0, math.pi / 2,
                                  epsabs=0.0, epsrel=1e-11, limit=200)
    return float(shift + math.log(2.0 / math.pi * value))


def exact_log_evidence(posterior_name: str, data: dict, options: dict | None = None) -> float | None:
    """log p(y) of ``posterior_name`` on ``data`` under the twins' ``options``; None when not known exactly.

    ``options`` are the options the twins receive (``posterior.model_options(**config.options)``):
    only ``holdout`` / ``fold`` matter here. ``data`` is ``posterior.load_data()`` at any size the
    posterior allows (the formulas hold for any data).
    """
    options = dict(options or {})
    holdout, fold = options.get("holdout"), options.get("fold")
    if posterior_name in ("ab_test-beta_binomial", "conversion_pages-no_pooling"):
        prior = "beta_1_1" if posterior_name == "ab_test-beta_binomial" else "beta_2_20"
        keep = kept(len(data["n"]), holdout, fold)
        return beta_binomial_log_evidence(data["n"][keep], data["y"][keep], *BETA_PRIORS[prior])
    if posterior_name.startswith("eight_schools-"):
        keep = kept(len(data["y"]), holdout, fold)
        y, sigma = data["y"][keep], data["sigma"][keep]
        if posterior_name == "eight_schools-complete_pooling":
            return gaussian_pooled_log_evidence(y, sigma, EIGHT_SCHOOLS_PRIOR_SD)
        if posterior_name == "eight_schools-no_pooling":
            return gaussian_independent_log_evidence(y, sigma, EIGHT_SCHOOLS_PRIOR_SD)
        if posterior_name in ("eight_schools-noncentered", "eight_schools-centered"):
            return eight_schools_partial_log_evidence(y, sigma)
    return None


def evidence_extra(posterior_name: str, data: dict, options: dict | None, estimate: float | None) -> dict:
    """``log_evidence_exact``, ``log_evidence_error`` (estimate - exact) and how it is known, for a
    record's ``extra``; empty when the evidence is not known exactly."""
    exact = exact_log_evidence(posterior_name, data, options)
    if exact is None:
        return {}
    error = None if estimate is None or not math.isfinite(estimate) else float(estimate - exact)
    return {"log_evidence_exact": exact, "log_evidence_error": error,
            "log_evidence_exact_method": EXACT_EVIDENCE[posterior_name]}
