"""Exercise 21.2: multiple regression with three predictors, PyMC twin."""
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """y ~ N(alpha + X @ beta, sigma); beta_k ~ N(0, 5), alpha ~ N(0, 10), sigma ~ HalfNormal(5)."""
    n_predictors = data["X"].shape[1]
    with pm.Model() as model:
        alpha = pm.Normal("alpha", 0.0, 10.0)
        beta = pm.Normal("beta", 0.0, 5.0, shape=n_predictors)
        sigma = pm.HalfNormal("sigma", 5.0)
        pm.Normal("y", alpha + pm.math.dot(data["X"], beta), sigma, observed=data["y"])
    return model
