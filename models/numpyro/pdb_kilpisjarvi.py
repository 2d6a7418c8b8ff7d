"""posteriordb kilpisjarvi_mod-kilpisjarvi, NumPyro twin (Stan program: kilpisjarvi.stan)."""
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints


def model(data: dict, **options):
    """alpha ~ N(pmualpha, psalpha), beta ~ N(pmubeta, psbeta), sigma > 0 flat (improper);
    y ~ N(alpha + beta x, sigma)."""
    x = np.asarray(data["x"], dtype=np.float64)
    alpha = numpyro.sample("alpha", dist.Normal(float(data["pmualpha"]), float(data["psalpha"])))
    beta = numpyro.sample("beta", dist.Normal(float(data["pmubeta"]), float(data["psbeta"])))
    sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("y", dist.Normal(alpha + beta * x, sigma), obs=data["y"])
