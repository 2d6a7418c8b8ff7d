"""Exercise 21.19: hierarchical warming trends of ocean basins, PyMC twin."""
import numpy as np
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """y_i ~ N(alpha_b + beta_b * decade_i, sigma / sqrt(n_stations_b)), b = basin[i].

    beta_b = mu_beta + tau_beta * beta_z_b (non-centered); mu_beta ~ N(0, 0.5),
    tau_beta ~ HalfNormal(0.25), beta_z ~ N(0, 1), alpha_b ~ N(0, 1), sigma ~ HalfNormal(1)
    (the per-station noise sd, deg C).
    """
    n_basins = data["n_stations"].shape[0]
    basin = data["basin"]
    station_scale = 1.0 / np.sqrt(data["n_stations"][basin].astype(np.float64))
    with pm.Model() as model:
        mu_beta = pm.Normal("mu_beta", 0.0, 0.5)
        tau_beta = pm.HalfNormal("tau_beta", 0.25)
        beta_z = pm.Normal("beta_z", 0.0, 1.0, shape=n_basins)
        beta = pm.Deterministic("beta", mu_beta + tau_beta * beta_z)
        alpha = pm.Normal("alpha", 0.0, 1.0, shape=n_basins)
        sigma = pm.HalfNormal("sigma", 1.0)
        mean = alpha[basin] + beta[basin] * data["decade"]
        pm.Normal("y", mean, sigma * station_scale, observed=data["y"])
    return model
