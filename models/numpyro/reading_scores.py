"""Exercises 21.10 and 21.11: hierarchical school reading scores, NumPyro twin."""
import numpyro
import numpyro.distributions as dist

from models.holdout import kept_mask

PREDICTORS = ("none", "lunch")


def model(data: dict, predictor: str = "none", holdout: int | None = None, **options):
    """theta_j = mu [+ beta * lunch_std_j] + tau * theta_z_j (non-centered), y_j ~ N(theta_j, se_j).

    mu ~ N(70, 20), tau ~ HalfNormal(10), theta_z ~ N(0, 1); with ``predictor="lunch"`` (21.11)
    also beta ~ N(0, 10), the change in mean score per 20 points of lunch_pct. ``holdout=j``
    (``models.holdout``) masks school j's likelihood term and keeps every parameter.
    """
    if predictor not in PREDICTORS:
        raise ValueError(f"unknown predictor {predictor!r}; choose from {PREDICTORS}")
    n_schools = data["school_means"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(70.0, 20.0))
    center = mu
    if predictor == "lunch":
        beta = numpyro.sample("beta", dist.Normal(0.0, 10.0))
        center = mu + beta * data["lunch_std"]
    tau = numpyro.sample("tau", dist.HalfNormal(10.0))
    with numpyro.plate("school", n_schools):
        theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
        theta = numpyro.deterministic("theta", center + tau * theta_z)
        with numpyro.handlers.mask(mask=kept_mask(n_schools, holdout)):
            numpyro.sample("y", dist.Normal(theta, data["school_ses"]), obs=data["school_means"])
