"""posteriordb sblrc-blr and sblri-blr, PyMC twin (Stan program: blr.stan)."""
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """beta_d ~ N(0, 10), sigma ~ HalfNormal(10) (Stan: normal(0, 10) on sigma > 0, the factor 2 kept);
    y ~ N(X beta, sigma)."""
    with pm.Model() as model:
        beta = pm.Normal("beta", 0.0, 10.0, shape=data["D"])
        sigma = pm.HalfNormal("sigma", 10.0)
        pm.Normal("y", pm.math.dot(data["X"], beta), sigma, observed=data["y"])
    return model
