"""posteriordb garch-garch11, NumPyro twin (Stan program: garch11.stan)."""
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints


def model(data: dict, **options):
    """Flat priors (Stan states none): mu real, alpha0 > 0, alpha1 in (0, 1), beta1 in (0, 1 - alpha1);
    sigma[1] = sigma1, sigma[t] = sqrt(alpha0 + alpha1 (y[t-1] - mu)^2 + beta1 sigma[t-1]^2); y ~ N(mu, sigma)."""
    y = np.asarray(data["y"], dtype=np.float64)
    mu = numpyro.sample("mu", dist.ImproperUniform(constraints.real, (), ()))
    alpha0 = numpyro.sample("alpha0", dist.ImproperUniform(constraints.positive, (), ()))
    alpha1 = numpyro.sample("alpha1", dist.Uniform(0.0, 1.0))
    beta1 = numpyro.sample("beta1", dist.ImproperUniform(constraints.interval(0.0, 1.0 - alpha1), (), ()))

    def step(sigma_prev, y_prev):
        sigma_t = jnp.sqrt(alpha0 + alpha1 * jnp.square(y_prev - mu) + beta1 * jnp.square(sigma_prev))
        return sigma_t, sigma_t

    sigma1 = jnp.asarray(data["sigma1"], dtype=jnp.float64)
    _, rest = jax.lax.scan(step, sigma1, y[:-1])
    sigma = jnp.concatenate([jnp.atleast_1d(sigma1), rest])
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.Normal(mu, sigma), obs=y)
