"""posteriordb arK-arK, NumPyro twin (Stan program: arK.stan)."""
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """alpha ~ N(0, 10), beta[k] ~ N(0, 10), sigma ~ HalfCauchy(2.5);
    y[t] ~ N(alpha + sum_k beta[k] y[t-k], sigma) for t = K+1..T."""
    K, T = data["K"], data["T"]
    y = np.asarray(data["y"], dtype=np.float64)
    lags = np.column_stack([y[K - k:T - k] for k in range(1, K + 1)])  # row t-K holds y[t-1], ..., y[t-K]
    alpha = numpyro.sample("alpha", dist.Normal(0.0, 10.0))
    with numpyro.plate("lag", K):
        beta = numpyro.sample("beta", dist.Normal(0.0, 10.0))
    sigma = numpyro.sample("sigma", dist.HalfCauchy(2.5))
    with numpyro.plate("obs", T - K):
        numpyro.sample("y", dist.Normal(alpha + jnp.dot(lags, beta), sigma), obs=y[K:])
