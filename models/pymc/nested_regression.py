"""Exercise 21.15: nested regressions on one dataset, PyMC twin."""
import pymc as pm

from models.nested_regression_predictors import design_matrix


def build(data: dict, predictors: str = "x1_x2", **options) -> pm.Model:
    """y ~ N(alpha + X @ beta, sigma); alpha ~ N(0, 10), beta_k ~ N(0, 5), sigma ~ HalfNormal(5).

    ``predictors`` names the columns of X (see ``models.nested_regression_predictors``); with
    ``none`` the model is intercept-only and has no ``beta``.
    """
    X = design_matrix(data, predictors)
    with pm.Model() as model:
        alpha = pm.Normal("alpha", 0.0, 10.0)
        mean = alpha
        if X.shape[1]:
            beta = pm.Normal("beta", 0.0, 5.0, shape=X.shape[1])
            mean = alpha + pm.math.dot(X, beta)
        sigma = pm.HalfNormal("sigma", 5.0)
        pm.Normal("y", mean, sigma, observed=data["y"])
    return model
