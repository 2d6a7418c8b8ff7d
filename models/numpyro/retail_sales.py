"""Exercise 21.12: store sales vs advertising, varying intercepts (and slopes), NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints
from numpyro.distributions.transforms import AffineTransform

from models.retail_sales_priors import LKJ_ETA, PRIORS, check_slopes


def model(data: dict, slopes: str = "varying", **options):
    """y ~ N(alpha[store] + beta[store] * ad_std, sigma), priors in ``models.retail_sales_priors``.

    ``varying``: (alpha_j, beta_j) ~ MvNormal((mu_alpha, mu_beta), diag(sd) R diag(sd)) with
    R ~ LKJ(2), non-centered: (alpha_j, beta_j) = mu + L z_j with L the Cholesky factor
    [[sd_alpha, 0], [sd_beta rho, sd_beta sqrt(1 - rho^2)]] and z_j ~ N(0, I).
    ``common``: alpha_j = mu_alpha + sd_alpha * alpha_z_j and one slope beta for all stores.
    """
    check_slopes(slopes)
    n_stores = int(data["store"].max()) + 1
    store = data["store"]
    mu_alpha = numpyro.sample("mu_alpha", dist.Normal(*PRIORS["mu_alpha"]))
    sd_alpha = numpyro.sample("sd_alpha", dist.HalfNormal(PRIORS["sd_alpha"]))
    if slopes == "varying":
        mu_beta = numpyro.sample("mu_beta", dist.Normal(*PRIORS["mu_beta"]))
        sd_beta = numpyro.sample("sd_beta", dist.HalfNormal(PRIORS["sd_beta"]))
        # LKJ(eta) on a 2 x 2 correlation matrix == (rho + 1) / 2 ~ Beta(eta, eta); the domain
        # makes the support (-1, 1), so NUTS gets the right unconstraining bijection.
        rho = numpyro.sample("rho", dist.TransformedDistribution(
            dist.Beta(LKJ_ETA, LKJ_ETA), AffineTransform(-1.0, 2.0, domain=constraints.unit_interval)))
        with numpyro.plate("stores", n_stores):
            z = numpyro.sample("z", dist.Normal(0.0, 1.0).expand([2]).to_event(1))
        alpha = numpyro.deterministic("alpha", mu_alpha + sd_alpha * z[:, 0])
        beta = numpyro.deterministic(
            "beta", mu_beta + sd_beta * (rho * z[:, 0] + jnp.sqrt(1.0 - rho**2) * z[:, 1]))
        slope = beta[store]
    else:
        with numpyro.plate("stores", n_stores):
            alpha_z = numpyro.sample("alpha_z", dist.Normal(0.0, 1.0))
        alpha = numpyro.deterministic("alpha", mu_alpha + sd_alpha * alpha_z)
        slope = numpyro.sample("beta", dist.Normal(*PRIORS["mu_beta"]))
    sigma = numpyro.sample("sigma", dist.HalfNormal(PRIORS["sigma"]))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(alpha[store] + slope * data["ad_std"], sigma), obs=data["y"])
