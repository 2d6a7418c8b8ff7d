"""posteriordb kidiq-* (Stan programs kidscore_momhs, kidscore_momiq, kidscore_momhsiq, kidscore_interaction) and
kidiq_with_mom_work-* (kidscore_interaction_c, kidscore_interaction_c2, kidscore_interaction_z,
kidscore_mom_work), NumPyro twin."""
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints

from models.posteriordb.transforms.kidiq import CAUCHY_SIGMA, design


def model(data: dict, variant: str = "kidscore_momhs", **options):
    """kid_score ~ N(X beta, sigma), X = [1, predictors of ``variant``]; beta improper flat; sigma ~ HalfCauchy(2.5)
    for the kidiq programs, improper flat on sigma > 0 for the kidiq_with_mom_work programs."""
    X = design(data, variant)
    beta = numpyro.sample("beta", dist.ImproperUniform(constraints.real, (), (X.shape[1],)))
    if variant in CAUCHY_SIGMA:
        sigma = numpyro.sample("sigma", dist.HalfCauchy(2.5))
    else:
        sigma = numpyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    kid_score = np.asarray(data["kid_score"], dtype=np.float64)
    with numpyro.plate("obs", kid_score.shape[0]):
        numpyro.sample("kid_score", dist.Normal(X @ beta, sigma), obs=kid_score)
