"""Exercise 21.19: hierarchical warming trends of ocean basins, NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """y_i ~ N(alpha_b + beta_b * decade_i, sigma / sqrt(n_stations_b)), b = basin[i].

    beta_b = mu_beta + tau_beta * beta_z_b (non-centered); mu_beta ~ N(0, 0.5),
    tau_beta ~ HalfNormal(0.25), beta_z ~ N(0, 1), alpha_b ~ N(0, 1), sigma ~ HalfNormal(1)
    (the per-station noise sd, deg C).
    """
    n_basins = data["n_stations"].shape[0]
    basin = data["basin"]
    station_scale = 1.0 / jnp.sqrt(data["n_stations"][basin])
    mu_beta = numpyro.sample("mu_beta", dist.Normal(0.0, 0.5))
    tau_beta = numpyro.sample("tau_beta", dist.HalfNormal(0.25))
    with numpyro.plate("basin", n_basins):
        beta_z = numpyro.sample("beta_z", dist.Normal(0.0, 1.0))
        beta = numpyro.deterministic("beta", mu_beta + tau_beta * beta_z)
        alpha = numpyro.sample("alpha", dist.Normal(0.0, 1.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(1.0))
    mean = alpha[basin] + beta[basin] * data["decade"]
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(mean, sigma * station_scale), obs=data["y"])
