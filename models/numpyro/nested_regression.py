"""Exercise 21.15: nested regressions on one dataset, NumPyro twin."""
import numpyro
import numpyro.distributions as dist

from models.nested_regression_predictors import design_matrix


def model(data: dict, predictors: str = "x1_x2", **options):
    """y ~ N(alpha + X @ beta, sigma); alpha ~ N(0, 10), beta_k ~ N(0, 5), sigma ~ HalfNormal(5).

    ``predictors`` names the columns of X (see ``models.nested_regression_predictors``); with
    ``none`` the model is intercept-only and has no ``beta``.
    """
    X = design_matrix(data, predictors)
    alpha = numpyro.sample("alpha", dist.Normal(0.0, 10.0))
    mean = alpha
    if X.shape[1]:
        beta = numpyro.sample("beta", dist.Normal(0.0, 5.0).expand([X.shape[1]]).to_event(1))
        mean = alpha + X @ beta
    sigma = numpyro.sample("sigma", dist.HalfNormal(5.0))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(mean, sigma), obs=data["y"])
