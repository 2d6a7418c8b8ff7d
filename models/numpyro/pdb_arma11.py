"""posteriordb arma-arma11, NumPyro twin (Stan program: arma11.stan)."""
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """mu ~ N(0, 10), phi ~ N(0, 2), theta ~ N(0, 2), sigma ~ HalfCauchy(2.5);
    nu[1] = mu + phi mu, nu[t] = mu + phi y[t-1] + theta err[t-1], err[t] = y[t] - nu[t];
    err ~ N(0, sigma), written as y ~ N(nu, sigma) (the same density)."""
    y = np.asarray(data["y"], dtype=np.float64)
    mu = numpyro.sample("mu", dist.Normal(0.0, 10.0))
    phi = numpyro.sample("phi", dist.Normal(0.0, 2.0))
    theta = numpyro.sample("theta", dist.Normal(0.0, 2.0))
    sigma = numpyro.sample("sigma", dist.HalfCauchy(2.5))
    nu1 = mu + phi * mu
    err1 = y[0] - nu1

    def step(err_prev, ys):
        y_prev, y_t = ys
        nu_t = mu + phi * y_prev + theta * err_prev
        return y_t - nu_t, nu_t

    _, nus = jax.lax.scan(step, err1, (y[:-1], y[1:]))
    nu = jnp.concatenate([jnp.atleast_1d(nu1), nus])
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.Normal(nu, sigma), obs=y)
