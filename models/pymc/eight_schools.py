"""Exercise 21.5: hierarchical eight schools, PyMC twin (centered or non-centered)."""
import pymc as pm

PARAMETERIZATIONS = ("centered", "noncentered")


def build(data: dict, parameterization: str = "noncentered", **options) -> pm.Model:
    """mu ~ N(0, 20), tau ~ HalfCauchy(10), theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j).

    ``noncentered`` samples theta_z ~ N(0, 1) and sets theta = mu + tau * theta_z.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_schools = data["y"].shape[0]
    with pm.Model() as model:
        mu = pm.Normal("mu", 0.0, 20.0)
        tau = pm.HalfCauchy("tau", 10.0)
        if parameterization == "centered":
            theta = pm.Normal("theta", mu, tau, shape=n_schools)
        else:
            theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_schools)
            theta = pm.Deterministic("theta", mu + tau * theta_z)
        pm.Normal("y", theta, data["sigma"], observed=data["y"])
    return model
