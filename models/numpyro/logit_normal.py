"""Exercise 21.13b: logit-normal hierarchical binomial rates, NumPyro twin (non-centered or centered)."""
import jax
import numpyro
import numpyro.distributions as dist

from models.logit_normal_priors import MU_NORMAL, PARAMETERIZATIONS, SIGMA_HALFNORMAL


def model(data: dict, parameterization: str = "noncentered", **options):
    """logit(theta_j) ~ N(mu, sigma), y_j ~ Binomial(n_j, theta_j); mu ~ N(-2, 1), sigma ~ HalfNormal(1).

    ``noncentered`` samples theta_z ~ N(0, 1) and sets logit(theta) = mu + sigma * theta_z;
    ``centered`` samples logit_theta itself. ``theta`` is a deterministic in both.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_groups = data["n"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(*MU_NORMAL))
    sigma = numpyro.sample("sigma", dist.HalfNormal(SIGMA_HALFNORMAL))
    with numpyro.plate("group", n_groups):
        if parameterization == "centered":
            logit_theta = numpyro.sample("logit_theta", dist.Normal(mu, sigma))
        else:
            theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
            logit_theta = mu + sigma * theta_z
        numpyro.deterministic("theta", jax.nn.sigmoid(logit_theta))
        numpyro.sample("y", dist.Binomial(data["n"], logits=logit_theta), obs=data["y"])
