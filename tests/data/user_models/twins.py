"""A user's model file, both libraries: normal mean and scale (tests/test_user_model.py)."""
import numpy as np
import numpyro
import numpyro.distributions as dist
import pymc as pm

y_obs = np.random.default_rng(1).normal(1.0, 2.0, size=50)

with pm.Model() as pymc_model:
    mu = pm.Normal("mu", 0.0, 10.0)
    sigma = pm.HalfNormal("sigma", 5.0)
    pm.Normal("y", mu, sigma, observed=y_obs)


def numpyro_model(y, sigma_scale: float = 5.0):
    mu = numpyro.sample("mu", dist.Normal(0.0, 10.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(sigma_scale))
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.Normal(mu, sigma), obs=y)


data = {"y": y_obs}
