"""Exercise 21.13b: logit-normal hierarchical binomial rates, PyMC twin (non-centered or centered)."""
import pymc as pm

from models.logit_normal_priors import MU_NORMAL, PARAMETERIZATIONS, SIGMA_HALFNORMAL


def build(data: dict, parameterization: str = "noncentered", **options) -> pm.Model:
    """logit(theta_j) ~ N(mu, sigma), y_j ~ Binomial(n_j, theta_j); mu ~ N(-2, 1), sigma ~ HalfNormal(1).

    ``noncentered`` samples theta_z ~ N(0, 1) and sets logit(theta) = mu + sigma * theta_z;
    ``centered`` samples logit_theta itself. ``theta`` is a deterministic in both.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_groups = data["n"].shape[0]
    with pm.Model() as model:
        mu = pm.Normal("mu", *MU_NORMAL)
        sigma = pm.HalfNormal("sigma", SIGMA_HALFNORMAL)
        if parameterization == "centered":
            logit_theta = pm.Normal("logit_theta", mu, sigma, shape=n_groups)
        else:
            theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_groups)
            logit_theta = mu + sigma * theta_z
        pm.Deterministic("theta", pm.math.invlogit(logit_theta))
        pm.Binomial("y", data["n"], logit_p=logit_theta, observed=data["y"])
    return model
