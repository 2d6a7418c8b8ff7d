"""posteriordb nes{1972,...,2000}-nes, PyMC twin (Stan program: nes.stan)."""
import numpy as np
import pymc as pm

from models.posteriordb.transforms.nes import design


def build(data: dict, **options) -> pm.Model:
    """partyid7 ~ N(X beta, sigma), X as in ``design``; beta and sigma > 0 flat (improper; Stan states no prior)."""
    X = design(data)
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=X.shape[1])
        sigma = pm.HalfFlat("sigma")
        pm.Normal("partyid7", pm.math.dot(X, beta), sigma, observed=data["partyid7"].astype(np.float64))
    return model
