"""The linear regression with improper flat priors that several posteriordb programs share (earnings, mesquite, nes:
Stan states no prior), NumPyro side; each family's twin builds its y and X and calls this."""
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints


def flat_regression(y: np.ndarray, X: np.ndarray, observed: str = "y"):
    """``observed`` ~ N(X beta, sigma), beta and sigma > 0 improper flat."""
    beta = numpyro.sample("beta", dist.ImproperUniform(constraints.real, (), (X.shape[1],)))
    sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with numpyro.plate("obs", y.shape[0]):
        numpyro.sample(observed, dist.Normal(X @ beta, sigma), obs=y)
