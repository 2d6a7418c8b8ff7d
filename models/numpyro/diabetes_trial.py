"""Exercise 21.18: multi-site diabetes trial, hierarchical over sites, NumPyro twin."""
import numpyro
import numpyro.distributions as dist

from models.diabetes_trial_priors import SIGMA_SD, TAU_SD, mu_prior


def model(data: dict, prior: str = "informative", **options):
    """theta_s = mu + tau * theta_z_s (non-centered), y_i ~ N(theta_site[i], sigma).

    mu ~ N by ``prior``, tau ~ HalfNormal(0.5), sigma ~ HalfNormal(2), theta_z ~ N(0, 1).
    """
    mu_mean, mu_sd = mu_prior(prior)
    n_sites = data["n_patients"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(mu_mean, mu_sd))
    tau = numpyro.sample("tau", dist.HalfNormal(TAU_SD))
    sigma = numpyro.sample("sigma", dist.HalfNormal(SIGMA_SD))
    with numpyro.plate("site", n_sites):
        theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
        theta = numpyro.deterministic("theta", mu + tau * theta_z)
    with numpyro.plate("patient", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(theta[data["site"]], sigma), obs=data["y"])
