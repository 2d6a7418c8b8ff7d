"""Exercises 21.3 and 21.7: Poisson regression of ER visits, NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist

from models.poisson_priors import prior_scales


def model(data: dict, prior: str = "weak", **options):
    """log rate = alpha + beta_temp * temp_std + beta_weekend * is_weekend; priors by ``prior``."""
    a_mean, a_sd, b_sd = prior_scales(prior)
    alpha = numpyro.sample("alpha", dist.Normal(a_mean, a_sd))
    beta_temp = numpyro.sample("beta_temp", dist.Normal(0.0, b_sd))
    beta_weekend = numpyro.sample("beta_weekend", dist.Normal(0.0, b_sd))
    log_rate = alpha + beta_temp * data["temp_std"] + beta_weekend * data["is_weekend"]
    with numpyro.plate("obs", data["visits"].shape[0]):
        numpyro.sample("visits", dist.Poisson(jnp.exp(log_rate)), obs=data["visits"])
