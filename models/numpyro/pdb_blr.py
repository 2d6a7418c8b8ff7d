"""posteriordb sblrc-blr and sblri-blr, NumPyro twin (Stan program: blr.stan)."""
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """beta_d ~ N(0, 10), sigma ~ HalfNormal(10); y ~ N(X beta, sigma)."""
    with numpyro.plate("coef", data["D"]):
        beta = numpyro.sample("beta", dist.Normal(0.0, 10.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(10.0))
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("y", dist.Normal(data["X"] @ beta, sigma), obs=data["y"])
