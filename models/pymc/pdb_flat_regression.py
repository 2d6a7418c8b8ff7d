"""The linear regression with improper flat priors that several posteriordb programs share (earnings, mesquite, nes:
Stan states no prior), PyMC side; each family's twin builds its y and X and calls this."""
import numpy as np
import pymc as pm


def flat_regression(y: np.ndarray, X: np.ndarray, observed: str = "y") -> pm.Model:
    """``observed`` ~ N(X beta, sigma), beta and sigma > 0 improper flat."""
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=X.shape[1])
        sigma = pm.HalfFlat("sigma")
        pm.Normal(observed, pm.math.dot(X, beta), sigma, observed=y)
    return model
