"""Exercise 21.20: time-varying logit-normal rates (hierarchical start + random walk), PyMC twin."""
import pymc as pm
import pytensor.tensor as pt

from models.logit_normal_priors import MU_NORMAL, SIGMA_HALFNORMAL, SIGMA_WALK_HALFNORMAL


def build(data: dict, **options) -> pm.Model:
    """Random walk on logit rates: ``n``, ``y`` are (categories, periods), y_jt ~ Binomial(n_jt, theta_jt).

    logit(theta_j0) = mu0 + sigma0 * z_init_j and logit(theta_jt) = logit(theta_j,t-1)
    + sigma_walk * z_walk_jt, with z_init, z_walk ~ N(0, 1): non-centered, the walk built with a
    cumulative sum. Priors in ``models.logit_normal_priors``.
    """
    n_groups, n_periods = data["n"].shape
    with pm.Model() as model:
        mu0 = pm.Normal("mu0", *MU_NORMAL)
        sigma0 = pm.HalfNormal("sigma0", SIGMA_HALFNORMAL)
        sigma_walk = pm.HalfNormal("sigma_walk", SIGMA_WALK_HALFNORMAL)
        z_init = pm.Normal("z_init", 0.0, 1.0, shape=n_groups)
        z_walk = pm.Normal("z_walk", 0.0, 1.0, shape=(n_groups, n_periods - 1))
        start = (mu0 + sigma0 * z_init)[:, None]
        logit_theta = pt.concatenate([start, start + sigma_walk * pt.cumsum(z_walk, axis=1)], axis=1)
        pm.Deterministic("theta", pm.math.invlogit(logit_theta))
        pm.Binomial("y", data["n"], logit_p=logit_theta, observed=data["y"])
    return model
