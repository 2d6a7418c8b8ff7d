"""Exercises 21.5 and 21.14: eight schools, PyMC twin (hierarchical centered or non-centered,
complete pooling, or no pooling)."""
import pymc as pm

from models.holdout import kept

PARAMETERIZATIONS = ("centered", "noncentered")
POOLINGS = ("partial", "complete", "none")


def build(data: dict, parameterization: str = "noncentered", pooling: str = "partial",
          holdout: int | None = None, fold: int | None = None, **options) -> pm.Model:
    """``partial`` (21.5): mu ~ N(0, 20), tau ~ HalfCauchy(10), theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j);
    ``noncentered`` samples theta_z ~ N(0, 1) and sets theta = mu + tau * theta_z.

    ``complete`` (21.14): mu ~ N(0, 20), y_j ~ N(mu, sigma_j). ``none`` (21.14): theta_j ~ N(0, 20)
    independently, y_j ~ N(theta_j, sigma_j). ``parameterization`` only affects ``partial``.
    ``holdout=i`` / ``fold=k`` (``models.holdout``) drop school i's / fold k's likelihood terms, keeping every parameter.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    if pooling not in POOLINGS:
        raise ValueError(f"unknown pooling {pooling!r}; choose from {POOLINGS}")
    n_schools = data["y"].shape[0]
    keep = kept(n_schools, holdout, fold)
    y, sigma = data["y"][keep], data["sigma"][keep]
    with pm.Model() as model:
        if pooling == "complete":
            mu = pm.Normal("mu", 0.0, 20.0)
            pm.Normal("y", mu, sigma, observed=y)
            return model
        if pooling == "none":
            theta = pm.Normal("theta", 0.0, 20.0, shape=n_schools)
            pm.Normal("y", theta[keep], sigma, observed=y)
            return model
        mu = pm.Normal("mu", 0.0, 20.0)
        tau = pm.HalfCauchy("tau", 10.0)
        if parameterization == "centered":
            theta = pm.Normal("theta", mu, tau, shape=n_schools)
        else:
            theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_schools)
            theta = pm.Deterministic("theta", mu + tau * theta_z)
        pm.Normal("y", theta[keep], sigma, observed=y)
    return model
