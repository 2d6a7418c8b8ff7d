"""Exercises 21.8, 21.13, 21.17, 21.21: Beta-Binomial rates, NumPyro twin (hierarchical or not)."""
import numpyro
import numpyro.distributions as dist

from models.beta_binomial_priors import (ALPHA_BETA_RATE, FIXED_AB, KAPPA_LOGNORMAL, MU_AB,
                                         check_prior)
from models.holdout import kept_mask


def model(data: dict, prior: str = "mu_kappa", holdout: int | None = None, fold: int | None = None, **options):
    """theta_j ~ Beta(a, b), y_j ~ Binomial(n_j, theta_j); ``prior`` sets (a, b).

    ``mu_kappa``: a, b = mu * kappa, (1 - mu) * kappa; ``alpha_beta``: a, b = alpha, beta;
    ``beta_2_20`` and ``beta_1_1``: fixed a, b (no pooling). See ``models.beta_binomial_priors``.
    ``holdout=j`` / ``fold=k`` (``models.holdout``) mask group j's / fold k's likelihood terms, keeping every parameter.
    """
    check_prior(prior)
    n_groups = data["n"].shape[0]
    keep = kept_mask(n_groups, holdout, fold)
    if prior == "mu_kappa":
        mu = numpyro.sample("mu", dist.Beta(*MU_AB))
        kappa = numpyro.sample("kappa", dist.LogNormal(*KAPPA_LOGNORMAL))
        a, b = mu * kappa, (1.0 - mu) * kappa
    elif prior == "alpha_beta":
        a = numpyro.sample("alpha", dist.Exponential(ALPHA_BETA_RATE))
        b = numpyro.sample("beta", dist.Exponential(ALPHA_BETA_RATE))
    else:
        a, b = FIXED_AB[prior]
    with numpyro.plate("group", n_groups):
        theta = numpyro.sample("theta", dist.Beta(a, b))
        with numpyro.handlers.mask(mask=keep):
            numpyro.sample("y", dist.Binomial(data["n"], probs=theta), obs=data["y"])
