"""Exercises 21.8, 21.13, 21.17, 21.21: Beta-Binomial rates, PyMC twin (hierarchical or not)."""
import pymc as pm

from models.beta_binomial_priors import (ALPHA_BETA_RATE, FIXED_AB, KAPPA_LOGNORMAL, MU_AB,
                                         check_prior)
from models.holdout import kept


def build(data: dict, prior: str = "mu_kappa", holdout: int | None = None, fold: int | None = None,
          **options) -> pm.Model:
    """theta_j ~ Beta(a, b), y_j ~ Binomial(n_j, theta_j); ``prior`` sets (a, b).

    ``mu_kappa``: a, b = mu * kappa, (1 - mu) * kappa; ``alpha_beta``: a, b = alpha, beta;
    ``beta_2_20`` and ``beta_1_1``: fixed a, b (no pooling). See ``models.beta_binomial_priors``.
    ``holdout=j`` / ``fold=k`` (``models.holdout``) drop group j's / fold k's likelihood terms, keeping every parameter.
    """
    check_prior(prior)
    n_groups = data["n"].shape[0]
    keep = kept(n_groups, holdout, fold)
    with pm.Model() as model:
        if prior == "mu_kappa":
            mu = pm.Beta("mu", *MU_AB)
            kappa = pm.LogNormal("kappa", *KAPPA_LOGNORMAL)
            a, b = mu * kappa, (1.0 - mu) * kappa
        elif prior == "alpha_beta":
            a = pm.Exponential("alpha", ALPHA_BETA_RATE)
            b = pm.Exponential("beta", ALPHA_BETA_RATE)
        else:
            a, b = FIXED_AB[prior]
        theta = pm.Beta("theta", a, b, shape=n_groups)
        pm.Binomial("y", data["n"][keep], theta[keep], observed=data["y"][keep])
    return model
