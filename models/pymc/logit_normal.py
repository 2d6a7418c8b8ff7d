"""Exercise 21.13b: logit-normal hierarchical binomial rates, PyMC twin (non-centered)."""
import pymc as pm

from models.logit_normal_priors import MU_NORMAL, SIGMA_HALFNORMAL


def build(data: dict, **options) -> pm.Model:
    """logit(theta_j) = mu + sigma * theta_z_j, theta_z_j ~ N(0, 1), y_j ~ Binomial(n_j, theta_j).

    mu ~ N(-2, 1), sigma ~ HalfNormal(1) (``models.logit_normal_priors``).
    """
    n_groups = data["n"].shape[0]
    with pm.Model() as model:
        mu = pm.Normal("mu", *MU_NORMAL)
        sigma = pm.HalfNormal("sigma", SIGMA_HALFNORMAL)
        theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_groups)
        logit_theta = mu + sigma * theta_z
        pm.Deterministic("theta", pm.math.invlogit(logit_theta))
        pm.Binomial("y", data["n"], logit_p=logit_theta, observed=data["y"])
    return model
