"""Exercise 21.18: multi-site diabetes trial, hierarchical over sites, PyMC twin."""
import pymc as pm

from models.diabetes_trial_priors import SIGMA_SD, TAU_SD, mu_prior


def build(data: dict, prior: str = "informative", **options) -> pm.Model:
    """theta_s = mu + tau * theta_z_s (non-centered), y_i ~ N(theta_site[i], sigma).

    mu ~ N by ``prior``, tau ~ HalfNormal(0.5), sigma ~ HalfNormal(2), theta_z ~ N(0, 1).
    """
    mu_mean, mu_sd = mu_prior(prior)
    n_sites = data["n_patients"].shape[0]
    with pm.Model() as model:
        mu = pm.Normal("mu", mu_mean, mu_sd)
        tau = pm.HalfNormal("tau", TAU_SD)
        sigma = pm.HalfNormal("sigma", SIGMA_SD)
        theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_sites)
        theta = pm.Deterministic("theta", mu + tau * theta_z)
        pm.Normal("y", theta[data["site"]], sigma, observed=data["y"])
    return model
