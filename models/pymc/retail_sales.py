"""Exercise 21.12: store sales vs advertising, varying intercepts (and slopes), PyMC twin."""
import numpy as np
import pymc as pm
import pytensor.tensor as pt

from models.retail_sales_priors import LKJ_ETA, PRIORS, check_parameterization, check_slopes


def lkj_rho(eta, size):
    """The one free correlation of a 2 x 2 LKJ(eta) matrix: 2 * Beta(eta, eta) - 1, on (-1, 1)."""
    return 2.0 * pm.Beta.dist(eta, eta, size=size) - 1.0


def build(data: dict, slopes: str = "varying", parameterization: str = "noncentered", **options) -> pm.Model:
    """y ~ N(alpha[store] + beta[store] * ad_std, sigma), priors in ``models.retail_sales_priors``.

    ``varying``: (alpha_j, beta_j) ~ MvNormal((mu_alpha, mu_beta), L L^T) with R ~ LKJ(2) and L the
    Cholesky factor [[sd_alpha, 0], [sd_beta rho, sd_beta sqrt(1 - rho^2)]]; ``noncentered``
    samples z_j ~ N(0, I) and sets (alpha_j, beta_j) = mu + L z_j, ``centered`` samples the
    (stores x 2) ``effects`` directly. ``common``: alpha_j ~ N(mu_alpha, sd_alpha) (non-centered
    through alpha_z) and one slope beta for all stores.
    """
    check_slopes(slopes)
    check_parameterization(parameterization)
    n_stores = int(data["store"].max()) + 1
    store = data["store"]
    with pm.Model() as model:
        mu_alpha = pm.Normal("mu_alpha", *PRIORS["mu_alpha"])
        sd_alpha = pm.HalfNormal("sd_alpha", PRIORS["sd_alpha"])
        if slopes == "varying":
            mu_beta = pm.Normal("mu_beta", *PRIORS["mu_beta"])
            sd_beta = pm.HalfNormal("sd_beta", PRIORS["sd_beta"])
            # LKJ(eta) on a 2 x 2 correlation matrix == (rho + 1) / 2 ~ Beta(eta, eta). pm.LKJCorr
            # is not used: its normalising constant differs from the LKJ density's (see report).
            rho = pm.CustomDist("rho", np.float64(LKJ_ETA), dist=lkj_rho,
                                transform=pm.distributions.transforms.Interval(-1.0, 1.0))
            chol = pt.stack([pt.stack([sd_alpha, pt.zeros_like(sd_alpha)]),
                             pt.stack([sd_beta * rho, sd_beta * pt.sqrt(1.0 - rho**2)])])
            mu = pt.stack([mu_alpha, mu_beta])
            if parameterization == "centered":
                effects = pm.MvNormal("effects", mu=mu, chol=chol, shape=(n_stores, 2))
            else:
                z = pm.Normal("z", 0.0, 1.0, shape=(n_stores, 2))
                effects = mu + z @ chol.T
            alpha = pm.Deterministic("alpha", effects[:, 0])
            beta = pm.Deterministic("beta", effects[:, 1])
            slope = beta[store]
        else:
            if parameterization == "centered":
                alpha = pm.Normal("alpha", mu_alpha, sd_alpha, shape=n_stores)
            else:
                alpha_z = pm.Normal("alpha_z", 0.0, 1.0, shape=n_stores)
                alpha = pm.Deterministic("alpha", mu_alpha + sd_alpha * alpha_z)
            slope = pm.Normal("beta", *PRIORS["mu_beta"])
        sigma = pm.HalfNormal("sigma", PRIORS["sigma"])
        pm.Normal("y", alpha[store] + slope * data["ad_std"], sigma, observed=data["y"])
    return model
