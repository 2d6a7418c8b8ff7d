"""Exercise 21.1: simple linear regression, PyMC twin."""
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """y ~ N(alpha + beta * x, sigma); alpha, beta ~ N(0, 10), sigma ~ HalfNormal(5)."""
    with pm.Model() as model:
        alpha = pm.Normal("alpha", 0.0, 10.0)
        beta = pm.Normal("beta", 0.0, 10.0)
        sigma = pm.HalfNormal("sigma", 5.0)
        pm.Normal("y", alpha + beta * data["x"], sigma, observed=data["y"])
    return model
