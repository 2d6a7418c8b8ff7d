"""posteriordb kidiq-* (Stan programs kidscore_momhs, kidscore_momiq, kidscore_momhsiq, kidscore_interaction) and
kidiq_with_mom_work-* (kidscore_interaction_c, kidscore_interaction_c2, kidscore_interaction_z,
kidscore_mom_work), PyMC twin."""
import numpy as np
import pymc as pm

from models.posteriordb.transforms.kidiq import CAUCHY_SIGMA, design


def build(data: dict, variant: str = "kidscore_momhs", **options) -> pm.Model:
    """kid_score ~ N(X beta, sigma), X = [1, predictors of ``variant``]; beta improper flat; sigma ~ HalfCauchy(2.5)
    for the kidiq programs (Stan: cauchy(0, 2.5) on sigma > 0, its factor 2 kept), improper flat on sigma > 0 for the
    kidiq_with_mom_work programs (no prior stated)."""
    X = design(data, variant)
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=X.shape[1])
        sigma = pm.HalfCauchy("sigma", 2.5) if variant in CAUCHY_SIGMA else pm.HalfFlat("sigma")
        pm.Normal("kid_score", pm.math.dot(X, beta), sigma, observed=np.asarray(data["kid_score"], dtype=np.float64))
    return model
