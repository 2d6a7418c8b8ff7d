"""posteriordb low_dim_gauss_mix-low_dim_gauss_mix, NumPyro twin (Stan program: low_dim_gauss_mix.stan)."""
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints


def model(data: dict, **options):
    """mu ordered with mu[k] ~ N(0, 2), sigma[k] ~ HalfNormal(2), theta ~ Beta(5, 5);
    y[n] ~ theta N(mu[1], sigma[1]) + (1 - theta) N(mu[2], sigma[2]) (Stan's log_mix)."""
    y = np.asarray(data["y"], dtype=np.float64)
    mu = numpyro.sample("mu", dist.ImproperUniform(constraints.ordered_vector, (), (2,)))
    numpyro.factor("mu_prior", dist.Normal(0.0, 2.0).log_prob(mu).sum())
    with numpyro.plate("component", 2):
        sigma = numpyro.sample("sigma", dist.HalfNormal(2.0))
    theta = numpyro.sample("theta", dist.Beta(5.0, 5.0))
    mixing = dist.Categorical(probs=jnp.stack([theta, 1.0 - theta]))
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.MixtureSameFamily(mixing, dist.Normal(mu, sigma)), obs=y)
