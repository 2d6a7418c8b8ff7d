"""Exercise 21.1: simple linear regression, NumPyro twin."""
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """y ~ N(alpha + beta * x, sigma); alpha, beta ~ N(0, 10), sigma ~ HalfNormal(5)."""
    alpha = numpyro.sample("alpha", dist.Normal(0.0, 10.0))
    beta = numpyro.sample("beta", dist.Normal(0.0, 10.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(5.0))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(alpha + beta * data["x"], sigma), obs=data["y"])
