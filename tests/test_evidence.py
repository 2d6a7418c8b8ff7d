"""Exact log evidence (harness.quality.evidence): each formula checked by numerical integration."""
import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from harness.quality.evidence import (EXACT_EVIDENCE, beta_binomial_log_evidence, eight_schools_partial_log_evidence,
                                      evidence_extra, exact_log_evidence)
from models import catalog


LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def norm_logpdf(x, loc, scale):
    """log N(x; loc, scale^2), plain NumPy (scipy.stats is slow per scalar call inside quad)."""
    return -0.5 * ((x - loc) / scale) ** 2 - np.log(scale) - LOG_SQRT_2PI


def log_quad(log_f, a, b, points=None):
    """log of the integral of exp(log_f) over [a, b], the integrand scaled by its maximum on a grid."""
    shift = max(log_f(x) for x in np.linspace(a, b, 201))
    value, _ = integrate.quad(lambda x: math.exp(log_f(x) - shift), a, b, points=points, limit=500,
                              epsabs=0.0, epsrel=1e-10)
    return shift + math.log(value)


def test_every_named_posterior_is_in_the_catalog_and_others_are_not_exact():
    for name in EXACT_EVIDENCE:
        posterior = catalog.get(name)
        assert math.isfinite(exact_log_evidence(name, posterior.load_data(), posterior.model_options()))
    for name in ("linreg_sim-linear_regression", "nested_regression-x1", "conversion_pages-hierarchical",
                 "er_visits-poisson_regression", "reading_scores-hierarchical"):
        posterior = catalog.get(name)
        assert exact_log_evidence(name, posterior.load_data(), posterior.model_options()) is None
    assert evidence_extra("linreg_sim-linear_regression", {}, {}, -1.0) == {}


@pytest.mark.parametrize("name", ["ab_test-beta_binomial", "conversion_pages-no_pooling"])
def test_beta_binomial_evidence_matches_quadrature_over_each_rate(name):
    posterior = catalog.get(name)
    data = posterior.load_data()
    a, b = {"ab_test-beta_binomial": (1.0, 1.0), "conversion_pages-no_pooling": (2.0, 20.0)}[name]
    total = 0.0
    for n, y in zip(data["n"], data["y"]):
        mode = y / n
        spread = 12 * math.sqrt(max(mode * (1 - mode), 1e-3) / n) + 1e-3
        lo, hi = max(mode - spread, 1e-12), min(mode + spread, 1 - 1e-12)
        log_prior_const = -special.betaln(a, b)
        log_choose = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
        total += log_quad(lambda t: log_prior_const + (a - 1) * math.log(t) + (b - 1) * math.log1p(-t) + log_choose
                          + y * math.log(t) + (n - y) * math.log1p(-t), lo, hi, points=[mode])
        # the hand-written densities are scipy's Beta and Binomial
        assert stats.beta.logpdf(mode, a, b) + stats.binom.logpmf(y, n, mode) == pytest.approx(
            log_prior_const + (a + y - 1) * math.log(mode) + (b + n - y - 1) * math.log1p(-mode) + log_choose)
    assert exact_log_evidence(name, data, posterior.model_options()) == pytest.approx(total, abs=1e-6)


def test_beta_binomial_holdout_drops_the_left_out_arm():
    posterior = catalog.get("conversion_pages-no_pooling")
    data = posterior.load_data()
    full = exact_log_evidence(posterior.name, data, posterior.model_options())
    held = exact_log_evidence(posterior.name, data, posterior.model_options(holdout=2))
    alone = beta_binomial_log_evidence(data["n"][2:3], data["y"][2:3], 2.0, 20.0)
    assert held == pytest.approx(full - alone, abs=1e-10)


def test_complete_pooling_evidence_matches_quadrature_over_mu():
    posterior = catalog.get("eight_schools-complete_pooling")
    data = posterior.load_data()
    y, sigma = data["y"], data["sigma"]
    numeric = log_quad(lambda mu: norm_logpdf(mu, 0, 20) + norm_logpdf(y, mu, sigma).sum(), -150, 150)
    assert exact_log_evidence(posterior.name, data, posterior.model_options()) == pytest.approx(numeric, abs=1e-7)


def test_no_pooling_evidence_matches_quadrature_per_school_and_fold():
    posterior = catalog.get("eight_schools-no_pooling")
    data = posterior.load_data()
    per_school = [log_quad(lambda t: norm_logpdf(t, 0, 20) + norm_logpdf(yj, t, sj), -200, 200)
                  for yj, sj in zip(data["y"], data["sigma"])]
    assert exact_log_evidence(posterior.name, data, posterior.model_options()) == pytest.approx(sum(per_school), abs=1e-7)
    # fold 3 of 10 leaves out school 3 only (index % 10 == 3)
    folded = exact_log_evidence(posterior.name, data, posterior.model_options(fold=3))
    assert folded == pytest.approx(sum(per_school) - per_school[3], abs=1e-7)


def test_eight_schools_partial_evidence_matches_a_two_dimensional_quadrature():
    """theta integrated out in closed form, then (mu, tau) by nested quad: checks the mu marginalisation and
    the tan substitution of the one-dimensional quadrature."""
    data = catalog.get("eight_schools-noncentered").load_data()
    y, sigma = data["y"], data["sigma"]
    exact = exact_log_evidence("eight_schools-noncentered", data, {"parameterization": "noncentered"})
    assert exact == exact_log_evidence("eight_schools-centered", data, {"parameterization": "centered"})

    shift = -32.0  # about the answer, so the integrand is of order 1

    def integrand(mu, tau):
        log_f = (norm_logpdf(mu, 0, 20) + math.log(2 / math.pi * 10 / (100 + tau ** 2))
                 + norm_logpdf(y, mu, np.sqrt(sigma ** 2 + tau ** 2)).sum())
        return math.exp(log_f - shift)

    inner = lambda tau: integrate.quad(integrand, -120, 140, args=(tau,), epsabs=0, epsrel=1e-9, limit=200)[0]
    value = integrate.quad(inner, 0, 60, epsabs=0, epsrel=1e-8, limit=200)[0]
    value += integrate.quad(inner, 60, np.inf, epsabs=0, epsrel=1e-6, limit=200)[0]
    assert exact == pytest.approx(shift + math.log(value), abs=1e-5)


def test_eight_schools_partial_with_a_huge_prior_scale_tends_to_flat_tau():
    """A sanity limit: tau's prior scale -> 0 gives complete pooling's evidence."""
    data = catalog.get("eight_schools-noncentered").load_data()
    pooled = exact_log_evidence("eight_schools-complete_pooling", data, {})
    assert eight_schools_partial_log_evidence(data["y"], data["sigma"], tau_scale=1e-6) == pytest.approx(pooled, abs=1e-4)


def test_exact_evidence_uses_the_twins_normalisation():
    """The NumPyro twin's own log joint integrated over mu gives the closed form (constants included)."""
    import jax
    from numpyro.infer.util import log_density

    jax.config.update("jax_enable_x64", True)
    posterior = catalog.get("eight_schools-complete_pooling")
    data, options = posterior.load_data(), posterior.model_options()
    model = posterior.numpyro_model()
    mus = np.linspace(-150, 150, 6001)
    log_joint = jax.vmap(lambda mu: log_density(model, (data,), options, {"mu": mu})[0])(mus)
    log_joint = np.asarray(log_joint)
    numeric = special.logsumexp(log_joint) + math.log(mus[1] - mus[0])  # a fine Riemann sum of a smooth bump
    assert exact_log_evidence(posterior.name, data, options) == pytest.approx(numeric, abs=1e-6)
