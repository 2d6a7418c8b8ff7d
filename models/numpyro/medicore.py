"""Exercises 21.9, 21.16, 21.27: MediCore hierarchical treatment effects, NumPyro twin."""
import numpyro
import numpyro.distributions as dist

from models.medicore_priors import mu_prior_params, tau_scale


def model(data: dict, tau_prior: str = "halfcauchy10", mu_prior: str = "weak", **options):
    """theta_j = mu_pop + tau * theta_z_j (non-centered), y_j ~ N(theta_j, sigma_j).

    mu_pop's prior by ``mu_prior``, tau ~ HalfCauchy(scale by ``tau_prior``), theta_z ~ N(0, 1).
    """
    scale = tau_scale(tau_prior)
    df, loc, mu_scale = mu_prior_params(mu_prior)
    n_hospitals = data["y"].shape[0]
    if df is None:
        mu_pop = numpyro.sample("mu_pop", dist.Normal(loc, mu_scale))
    else:
        mu_pop = numpyro.sample("mu_pop", dist.StudentT(df, loc, mu_scale))
    tau = numpyro.sample("tau", dist.HalfCauchy(scale))
    with numpyro.plate("hospital", n_hospitals):
        theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
        theta = numpyro.deterministic("theta", mu_pop + tau * theta_z)
        numpyro.sample("y", dist.Normal(theta, data["sigma"]), obs=data["y"])
