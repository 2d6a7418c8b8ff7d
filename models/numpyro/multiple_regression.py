"""Exercise 21.2: multiple regression with three predictors, NumPyro twin."""
import numpyro
import numpyro.distributions as dist


def model(data: dict, **options):
    """y ~ N(alpha + X @ beta, sigma); beta_k ~ N(0, 5), alpha ~ N(0, 10), sigma ~ HalfNormal(5)."""
    n_predictors = data["X"].shape[1]
    alpha = numpyro.sample("alpha", dist.Normal(0.0, 10.0))
    beta = numpyro.sample("beta", dist.Normal(0.0, 5.0).expand([n_predictors]).to_event(1))
    sigma = numpyro.sample("sigma", dist.HalfNormal(5.0))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(alpha + data["X"] @ beta, sigma), obs=data["y"])
