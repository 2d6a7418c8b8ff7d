"""Exercises 21.9, 21.16, 21.27: MediCore hierarchical treatment effects, PyMC twin."""
import pymc as pm

from models.medicore_priors import mu_prior_params, tau_scale


def build(data: dict, tau_prior: str = "halfcauchy10", mu_prior: str = "weak", **options) -> pm.Model:
    """theta_j = mu_pop + tau * theta_z_j (non-centered), y_j ~ N(theta_j, sigma_j).

    mu_pop's prior by ``mu_prior``, tau ~ HalfCauchy(scale by ``tau_prior``), theta_z ~ N(0, 1).
    """
    scale = tau_scale(tau_prior)
    df, loc, mu_scale = mu_prior_params(mu_prior)
    n_hospitals = data["y"].shape[0]
    with pm.Model() as model:
        if df is None:
            mu_pop = pm.Normal("mu_pop", loc, mu_scale)
        else:
            mu_pop = pm.StudentT("mu_pop", nu=df, mu=loc, sigma=mu_scale)
        tau = pm.HalfCauchy("tau", scale)
        theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_hospitals)
        theta = pm.Deterministic("theta", mu_pop + tau * theta_z)
        pm.Normal("y", theta, data["sigma"], observed=data["y"])
    return model
