"""posteriordb gp_pois_regr-gp_regr, NumPyro twin (Stan program: gp_regr.stan)."""
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """rho ~ Gamma(25, 4), alpha ~ HalfNormal(2), sigma ~ HalfNormal(1);
    K = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + sigma I; y ~ MvNormal(0, K) with scale_tril chol(K)."""
    x = np.asarray(data["x"], dtype=np.float64)
    sq_dist = (x[:, None] - x[None, :]) ** 2
    rho = numpyro.sample("rho", dist.Gamma(25.0, 4.0))
    alpha = numpyro.sample("alpha", dist.HalfNormal(2.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(1.0))
    cov = alpha**2 * jnp.exp(-sq_dist / (2.0 * rho**2)) + sigma * jnp.eye(data["N"])
    numpyro.sample("y", dist.MultivariateNormal(jnp.zeros(data["N"]), scale_tril=jnp.linalg.cholesky(cov)),
                   obs=data["y"])
