"""Exercise 21.12: store sales vs advertising, varying intercepts (and slopes), NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints
from numpyro.distributions.transforms import AffineTransform

from models.retail_sales_priors import LKJ_ETA, PRIORS, check_parameterization, check_slopes


def model(data: dict, slopes: str = "varying", parameterization: str = "noncentered", **options):
    """y ~ N(alpha[store] + beta[store] * ad_std, sigma), priors in ``models.retail_sales_priors``.

    ``varying``: (alpha_j, beta_j) ~ MvNormal((mu_alpha, mu_beta), L L^T) with R ~ LKJ(2) and L the
    Cholesky factor [[sd_alpha, 0], [sd_beta rho, sd_beta sqrt(1 - rho^2)]]; ``noncentered``
    samples z_j ~ N(0, I) and sets (alpha_j, beta_j) = mu + L z_j, ``centered`` samples the
    (stores x 2) ``effects`` directly. ``common``: alpha_j ~ N(mu_alpha, sd_alpha) (non-centered
    through alpha_z) and one slope beta for all stores.
    """
    check_slopes(slopes)
    check_parameterization(parameterization)
    n_stores = int(data["store"].max()) + 1
    store = data["store"]
    mu_alpha = numpyro.sample("mu_alpha", dist.Normal(*PRIORS["mu_alpha"]))
    sd_alpha = numpyro.sample("sd_alpha", dist.HalfNormal(PRIORS["sd_alpha"]))
    if slopes == "varying":
        mu_beta = numpyro.sample("mu_beta", dist.Normal(*PRIORS["mu_beta"]))
        sd_beta = numpyro.sample("sd_beta", dist.HalfNormal(PRIORS["sd_beta"]))
        # LKJ(eta) on a 2 x 2 correlation matrix == (rho + 1) / 2 ~ Beta(eta, eta) (the same density
        # as dist.LKJCholesky(2, eta) of [[1, 0], [rho, sqrt(1 - rho^2)]]); the domain makes the
        # support (-1, 1), so NUTS gets the right unconstraining bijection.
        rho = numpyro.sample("rho", dist.TransformedDistribution(
            dist.Beta(LKJ_ETA, LKJ_ETA), AffineTransform(-1.0, 2.0, domain=constraints.unit_interval)))
        chol = jnp.stack([jnp.stack([sd_alpha, jnp.zeros_like(sd_alpha)]),
                          jnp.stack([sd_beta * rho, sd_beta * jnp.sqrt(1.0 - rho**2)])])
        mu = jnp.stack([mu_alpha, mu_beta])
        with numpyro.plate("stores", n_stores):
            if parameterization == "centered":
                effects = numpyro.sample("effects", dist.MultivariateNormal(mu, scale_tril=chol))
            else:
                z = numpyro.sample("z", dist.Normal(0.0, 1.0).expand([2]).to_event(1))
                effects = mu + z @ chol.T
        alpha = numpyro.deterministic("alpha", effects[:, 0])
        beta = numpyro.deterministic("beta", effects[:, 1])
        slope = beta[store]
    else:
        with numpyro.plate("stores", n_stores):
            if parameterization == "centered":
                alpha = numpyro.sample("alpha", dist.Normal(mu_alpha, sd_alpha))
            else:
                alpha_z = numpyro.sample("alpha_z", dist.Normal(0.0, 1.0))
                alpha = numpyro.deterministic("alpha", mu_alpha + sd_alpha * alpha_z)
        slope = numpyro.sample("beta", dist.Normal(*PRIORS["mu_beta"]))
    sigma = numpyro.sample("sigma", dist.HalfNormal(PRIORS["sigma"]))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(alpha[store] + slope * data["ad_std"], sigma), obs=data["y"])
