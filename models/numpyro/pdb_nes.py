"""posteriordb nes{1972,...,2000}-nes, NumPyro twin (Stan program: nes.stan)."""
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints

from models.posteriordb.transforms.nes import design


def model(data: dict, **options):
    """partyid7 ~ N(X beta, sigma), X as in ``design``; beta and sigma > 0 flat (improper)."""
    X = design(data)
    beta = numpyro.sample("beta", dist.ImproperUniform(constraints.real, (), (X.shape[1],)))
    sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("partyid7", dist.Normal(X @ beta, sigma), obs=data["partyid7"].astype(np.float64))
