"""Exercise 21.20: time-varying logit-normal rates (hierarchical start + random walk), NumPyro twin."""
import jax
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist

from models.logit_normal_priors import MU_NORMAL, SIGMA_HALFNORMAL, SIGMA_WALK_HALFNORMAL


def model(data: dict, **options):
    """Random walk on logit rates: ``n``, ``y`` are (categories, periods), y_jt ~ Binomial(n_jt, theta_jt).

    logit(theta_j0) = mu0 + sigma0 * z_init_j and logit(theta_jt) = logit(theta_j,t-1)
    + sigma_walk * z_walk_jt, with z_init, z_walk ~ N(0, 1): non-centered, the walk built with a
    cumulative sum. Priors in ``models.logit_normal_priors``.
    """
    n_groups, n_periods = data["n"].shape
    mu0 = numpyro.sample("mu0", dist.Normal(*MU_NORMAL))
    sigma0 = numpyro.sample("sigma0", dist.HalfNormal(SIGMA_HALFNORMAL))
    sigma_walk = numpyro.sample("sigma_walk", dist.HalfNormal(SIGMA_WALK_HALFNORMAL))
    z_init = numpyro.sample("z_init", dist.Normal(0.0, 1.0).expand([n_groups]).to_event(1))
    z_walk = numpyro.sample("z_walk", dist.Normal(0.0, 1.0).expand([n_groups, n_periods - 1]).to_event(2))
    start = (mu0 + sigma0 * z_init)[:, None]
    logit_theta = jnp.concatenate([start, start + sigma_walk * jnp.cumsum(z_walk, axis=1)], axis=1)
    numpyro.deterministic("theta", jax.nn.sigmoid(logit_theta))
    with numpyro.plate("category", n_groups, dim=-2), numpyro.plate("period", n_periods, dim=-1):
        numpyro.sample("y", dist.Binomial(data["n"], logits=logit_theta), obs=data["y"])
