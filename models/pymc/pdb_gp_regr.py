"""posteriordb gp_pois_regr-gp_regr, PyMC twin (Stan program: gp_regr.stan)."""
import numpy as np
import pymc as pm
import pytensor.tensor as pt


def build(data: dict, **options) -> pm.Model:
    """rho ~ Gamma(25, 4), alpha ~ HalfNormal(2), sigma ~ HalfNormal(1);
    K = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + sigma I (Stan adds sigma itself, not sigma^2, to the diagonal);
    y ~ MvNormal(0, K) through L = chol(K) (Stan's multi_normal_cholesky)."""
    x = np.asarray(data["x"], dtype=np.float64)
    sq_dist = (x[:, None] - x[None, :]) ** 2
    with pm.Model() as model:  # np.float64: pytensor would fold gammaln(25.0) in float32 (1e-6 off)
        rho = pm.Gamma("rho", alpha=np.float64(25.0), beta=np.float64(4.0))
        alpha = pm.HalfNormal("alpha", np.float64(2.0))
        sigma = pm.HalfNormal("sigma", np.float64(1.0))
        cov = alpha**2 * pt.exp(-sq_dist / (2.0 * rho**2)) + sigma * np.eye(data["N"])
        pm.MvNormal("y", mu=np.zeros(data["N"]), chol=pt.linalg.cholesky(cov), observed=data["y"])
    return model
