"""Exercise 21.13b: logit-normal hierarchical binomial rates, NumPyro twin (non-centered)."""
import jax
import numpyro
import numpyro.distributions as dist

from models.logit_normal_priors import MU_NORMAL, SIGMA_HALFNORMAL


def model(data: dict, **options):
    """logit(theta_j) = mu + sigma * theta_z_j, theta_z_j ~ N(0, 1), y_j ~ Binomial(n_j, theta_j).

    mu ~ N(-2, 1), sigma ~ HalfNormal(1) (``models.logit_normal_priors``).
    """
    n_groups = data["n"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(*MU_NORMAL))
    sigma = numpyro.sample("sigma", dist.HalfNormal(SIGMA_HALFNORMAL))
    with numpyro.plate("group", n_groups):
        theta_z = numpyro.sample("theta_z", dist.Normal(0.0, 1.0))
        logit_theta = mu + sigma * theta_z
        numpyro.deterministic("theta", jax.nn.sigmoid(logit_theta))
        numpyro.sample("y", dist.Binomial(data["n"], logits=logit_theta), obs=data["y"])
