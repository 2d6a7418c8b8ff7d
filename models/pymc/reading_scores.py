"""Exercises 21.10 and 21.11: hierarchical school reading scores, PyMC twin."""
import pymc as pm

from models.holdout import kept

PREDICTORS = ("none", "lunch")


def build(data: dict, predictor: str = "none", holdout: int | None = None, **options) -> pm.Model:
    """theta_j = mu [+ beta * lunch_std_j] + tau * theta_z_j (non-centered), y_j ~ N(theta_j, se_j).

    mu ~ N(70, 20), tau ~ HalfNormal(10), theta_z ~ N(0, 1); with ``predictor="lunch"`` (21.11)
    also beta ~ N(0, 10), the change in mean score per 20 points of lunch_pct. ``holdout=j``
    (``models.holdout``) drops school j's likelihood term and keeps every parameter.
    """
    if predictor not in PREDICTORS:
        raise ValueError(f"unknown predictor {predictor!r}; choose from {PREDICTORS}")
    n_schools = data["school_means"].shape[0]
    keep = kept(n_schools, holdout)
    with pm.Model() as model:
        mu = pm.Normal("mu", 70.0, 20.0)
        center = mu
        if predictor == "lunch":
            beta = pm.Normal("beta", 0.0, 10.0)
            center = mu + beta * data["lunch_std"]
        tau = pm.HalfNormal("tau", 10.0)
        theta_z = pm.Normal("theta_z", 0.0, 1.0, shape=n_schools)
        theta = pm.Deterministic("theta", center + tau * theta_z)
        pm.Normal("y", theta[keep], data["school_ses"][keep], observed=data["school_means"][keep])
    return model
