"""Exercises 21.5 and 21.14: eight schools, NumPyro twin (hierarchical centered or non-centered,
complete pooling, or no pooling)."""
import numpyro
import numpyro.distributions as dist

from models.holdout import kept_mask

PARAMETERIZATIONS = ("centered", "noncentered")
POOLINGS = ("partial", "complete", "none")


def model(data: dict, parameterization: str = "noncentered", pooling: str = "partial",
          holdout: int | None = None, fold: int | None = None, **options):
    """``partial`` (21.5): mu ~ N(0, 20), tau ~ HalfCauchy(10), theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j);
    ``noncentered`` samples theta_z ~ N(0, 1) and sets theta = mu + tau * theta_z.

    ``complete`` (21.14): mu ~ N(0, 20), y_j ~ N(mu, sigma_j). ``none`` (21.14): theta_j ~ N(0, 20)
    independently, y_j ~ N(theta_j, sigma_j). ``parameterization`` only affects ``partial``.
    ``holdout=i`` / ``fold=k`` (``models.holdout``) mask school i's / fold k's likelihood terms, keeping every parameter.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    if pooling not in POOLINGS:
        raise ValueError(f"unknown pooling {pooling!r}; choose from {POOLINGS}")
    n_schools = data["y"].shape[0]
    keep = kept_mask(n_schools, holdout, fold)
    if pooling == "complete":
        mu = numpyro.sample("mu", dist.Normal(0.0, 20.0))
        with numpyro.plate("school", n_schools):
            with numpyro.handlers.mask(mask=keep):
                numpyro.sample("y", dist.Normal(mu, data["sigma"]), obs=data["y"])
        return
    if pooling == "none":
        with numpyro.plate("school", n_schools):
            theta = numpyro.sample("theta", dist.Normal(0.0, 20.0))
            with numpyro.handlers.mask(mask=keep):
                numpyro.sample("y", dist.Normal(theta, data["sigma"]), obs=data["y"])
        return
    mu = numpyro.sample("mu", dist.Normal(0.0, 20.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(10.0))
    with numpyro.plate("school", n_schools):
        if parameterization == "centered":
            theta = numpyro.sample("theta", dist.Normal(mu, tau))
        else:
            theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
            theta = numpyro.deterministic("theta", mu + tau * theta_z)
        with numpyro.handlers.mask(mask=keep):
            numpyro.sample("y", dist.Normal(theta, data["sigma"]), obs=data["y"])
