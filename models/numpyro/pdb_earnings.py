"""posteriordb earnings-* (Stan programs earn_height, log10earn_height, logearn_height, logearn_height_male,
logearn_interaction, logearn_interaction_z, logearn_logheight_male), NumPyro twin."""
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints

from models.posteriordb.transforms.earnings import design


def model(data: dict, variant: str = "logearn_height", **options):
    """y ~ N(X beta, sigma), X = [1, predictors of ``variant``]; beta and sigma > 0 improper flat."""
    y, X = design(data, variant)
    beta = numpyro.sample("beta", dist.ImproperUniform(constraints.real, (), (X.shape[1],)))
    sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample("y", dist.Normal(X @ beta, sigma), obs=y)
