"""posteriordb low_dim_gauss_mix-low_dim_gauss_mix, PyMC twin (Stan program: low_dim_gauss_mix.stan)."""
import numpy as np
import pymc as pm
import pytensor.tensor as pt
from pymc.distributions.transforms import ordered


def build(data: dict, **options) -> pm.Model:
    """mu ordered with mu[k] ~ N(0, 2) (unnormalised on the ordered support, as in Stan), sigma[k] ~ HalfNormal(2),
    theta ~ Beta(5, 5); y[n] ~ theta N(mu[1], sigma[1]) + (1 - theta) N(mu[2], sigma[2]) (Stan's log_mix)."""
    y = np.asarray(data["y"], dtype=np.float64)
    with pm.Model() as model:
        # N(0, 2) on the ordered vector; samplers start at [-1, 1], as the prior mean [0, 0] is not strictly ordered
        # (an initval would block the density check's transform removal)
        mu = pm.CustomDist("mu", 0.0, 2.0, dist=lambda m, s, size: pm.Normal.dist(m, s, size=size),
                           support_point=lambda rv, size, m, s: pt.as_tensor(np.array([-1.0, 1.0])),
                           transform=ordered, shape=2)
        sigma = pm.HalfNormal("sigma", 2.0, shape=2)
        theta = pm.Beta("theta", 5.0, 5.0)
        pm.NormalMixture("y", w=pt.stack([theta, 1.0 - theta]), mu=mu, sigma=sigma, observed=y)
    return model
