"""posteriordb mesquite-{mesquite, logmesquite, logmesquite_logvolume, _logva, _logvas, _logvash}, NumPyro twin (Stan
programs: mesquite.stan, logmesquite*.stan)."""
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints

from models.posteriordb.transforms.mesquite import VARIANTS, design


def model(data: dict, variant: str = "mesquite", **options):
    """y ~ N(X beta, sigma), beta and sigma > 0 flat (improper); y and X per variant as in the PyMC twin."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    y, X = design(data, variant)
    beta = numpyro.sample("beta", dist.ImproperUniform(constraints.real, (), (X.shape[1],)))
    sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("y", dist.Normal(X @ beta, sigma), obs=y)
