"""posteriordb gp_pois_regr-gp_pois_regr, NumPyro twin (Stan program: gp_pois_regr.stan)."""
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """rho ~ Gamma(25, 4), alpha ~ HalfNormal(2), f_tilde ~ N(0, 1); K = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2))
    + 1e-10 I, f = chol(K) f_tilde; k ~ Poisson(exp(f))."""
    x = np.asarray(data["x"], dtype=np.float64)
    sq_dist = (x[:, None] - x[None, :]) ** 2
    rho = numpyro.sample("rho", dist.Gamma(25.0, 4.0))
    alpha = numpyro.sample("alpha", dist.HalfNormal(2.0))
    with numpyro.plate("point", data["N"]):
        f_tilde = numpyro.sample("f_tilde", dist.Normal(0.0, 1.0))
    cov = alpha**2 * jnp.exp(-sq_dist / (2.0 * rho**2)) + 1e-10 * jnp.eye(data["N"])
    f = numpyro.deterministic("f", jnp.linalg.cholesky(cov) @ f_tilde)
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("k", dist.Poisson(jnp.exp(f)), obs=data["k"])
