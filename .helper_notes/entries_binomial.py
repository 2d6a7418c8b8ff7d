"""Catalog entries for the binomial-rate posteriors (21.8, 21.13, 21.17, 21.20, 21.21)."""
from models.posterior import Posterior

ENTRIES = [
    Posterior(
        name="conversion_pages-hierarchical", exercise="21.8", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"},
        description="hierarchical Beta-Binomial (mu, kappa) of 5 landing-page conversion rates",
    ),
    Posterior(
        name="conversion_pages-no_pooling", exercise="21.8", family="beta_binomial",
        params=("theta",), fixed={"prior": "beta_2_20"},
        description="independent Beta(2, 20) conversion rates of 5 landing pages (no pooling)",
    ),
    Posterior(
        name="pricing_markets-hierarchical", exercise="21.17", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"},
        description="hierarchical Beta-Binomial (mu, kappa) of conversion rates in 8 pricing markets",
    ),
    Posterior(
        name="ab_test-beta_binomial", exercise="21.21", family="beta_binomial",
        params=("theta",), fixed={"prior": "beta_1_1"},
        description="A/B test, Beta(1, 1) rates of two arms (theta[0] = A, theta[1] = B), 10,000 visitors each",
    ),
    Posterior(
        name="streamrec-beta_binomial_mu_kappa", exercise="21.13", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"},
        description="StreamRec hierarchical Beta-Binomial, (mu, kappa) form, 25 categories",
    ),
    Posterior(
        name="streamrec-beta_binomial_alpha_beta", exercise="21.13", family="beta_binomial",
        params=("alpha", "beta", "theta"), fixed={"prior": "alpha_beta"},
        description="StreamRec hierarchical Beta-Binomial, alpha, beta ~ Exponential(1), 25 categories",
    ),
    Posterior(
        name="streamrec-logit_normal", exercise="21.13", family="logit_normal",
        params=("mu", "sigma", "theta"),
        description="StreamRec logit-normal hierarchical binomial, non-centered, 25 categories",
    ),
    Posterior(
        name="streamrec_monthly-random_walk", exercise="21.20", family="logit_normal_walk",
        params=("mu0", "sigma0", "sigma_walk", "theta"),
        description="StreamRec rates as logit random walks over 12 months, 25 categories, non-centered",
    ),
]
