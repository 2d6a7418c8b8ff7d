"""A model a user might really have: radon-style partial pooling, varying intercepts for 300 counties.

log radon of house i in county j[i]: y_i ~ Normal(a_j[i] + b * floor_i, sigma), a_j = mu_a + sigma_a * z_j
(non-centered), z_j ~ Normal(0, 1). Simulated (seed 0) in the shape of Gelman & Hill's Minnesota radon data
(county sizes from 1 to ~100 houses, floor 0/1), so the example runs without a download.

Written twice, as twinbench compare reads a file: ``pymc_model`` and ``numpyro_model`` with ``data``. Either alone
also works (delete the other); with both, their log densities are checked equal before anything runs.

    twinbench compare examples/radon_partial_pooling.py --seeds 3
"""
import numpy as np
import numpyro
import numpyro.distributions as dist
import pymc as pm

N_COUNTIES = 300
rng = np.random.default_rng(0)
houses_per_county = np.clip(rng.lognormal(mean=2.0, sigma=1.0, size=N_COUNTIES).round().astype(int), 1, 100)
county = np.repeat(np.arange(N_COUNTIES), houses_per_county)
floor = rng.binomial(1, 0.2, size=county.size).astype(float)
county_effect = 1.5 + 0.3 * rng.normal(size=N_COUNTIES)
log_radon = county_effect[county] - 0.6 * floor + 0.7 * rng.normal(size=county.size)

with pm.Model(coords={"county": np.arange(N_COUNTIES)}) as pymc_model:
    mu_a = pm.Normal("mu_a", 0.0, 5.0)
    sigma_a = pm.HalfNormal("sigma_a", 1.0)
    z = pm.Normal("z", 0.0, 1.0, dims="county")
    b = pm.Normal("b", 0.0, 1.0)
    sigma = pm.HalfNormal("sigma", 1.0)
    pm.Normal("y", mu_a + sigma_a * z[county] + b * floor, sigma, observed=log_radon)


def numpyro_model(county, floor, y=None):
    """The same model in NumPyro: same parameter names, same priors."""
    mu_a = numpyro.sample("mu_a", dist.Normal(0.0, 5.0))
    sigma_a = numpyro.sample("sigma_a", dist.HalfNormal(1.0))
    with numpyro.plate("county_plate", N_COUNTIES):
        z = numpyro.sample("z", dist.Normal(0.0, 1.0))
    b = numpyro.sample("b", dist.Normal(0.0, 1.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(1.0))
    with numpyro.plate("houses", county.shape[0]):
        numpyro.sample("y", dist.Normal(mu_a + sigma_a * z[county] + b * floor, sigma), obs=y)


data = {"county": county, "floor": floor, "y": log_radon}
