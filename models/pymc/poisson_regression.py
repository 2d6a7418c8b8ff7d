"""Exercises 21.3 and 21.7: Poisson regression of ER visits, PyMC twin."""
import pymc as pm

from models.poisson_priors import prior_scales


def build(data: dict, prior: str = "weak", **options) -> pm.Model:
    """log rate = alpha + beta_temp * temp_std + beta_weekend * is_weekend; priors by ``prior``."""
    a_mean, a_sd, b_sd = prior_scales(prior)
    with pm.Model() as model:
        alpha = pm.Normal("alpha", a_mean, a_sd)
        beta_temp = pm.Normal("beta_temp", 0.0, b_sd)
        beta_weekend = pm.Normal("beta_weekend", 0.0, b_sd)
        log_rate = alpha + beta_temp * data["temp_std"] + beta_weekend * data["is_weekend"]
        pm.Poisson("visits", pm.math.exp(log_rate), observed=data["visits"])
    return model
