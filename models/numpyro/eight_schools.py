"""Exercise 21.5: hierarchical eight schools, NumPyro twin (centered or non-centered)."""
import numpyro
import numpyro.distributions as dist

PARAMETERIZATIONS = ("centered", "noncentered")


def model(data: dict, parameterization: str = "noncentered", **options):
    """mu ~ N(0, 20), tau ~ HalfCauchy(10), theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j).

    ``noncentered`` samples theta_z ~ N(0, 1) and sets theta = mu + tau * theta_z.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_schools = data["y"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(0.0, 20.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(10.0))
    with numpyro.plate("school", n_schools):
        if parameterization == "centered":
            theta = numpyro.sample("theta", dist.Normal(mu, tau))
        else:
            theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
            theta = numpyro.deterministic("theta", mu + tau * theta_z)
        numpyro.sample("y", dist.Normal(theta, data["sigma"]), obs=data["y"])
