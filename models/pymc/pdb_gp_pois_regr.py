"""posteriordb gp_pois_regr-gp_pois_regr, PyMC twin (Stan program: gp_pois_regr.stan)."""
import numpy as np
import pymc as pm
import pytensor.tensor as pt


def build(data: dict, **options) -> pm.Model:
    """rho ~ Gamma(25, 4), alpha ~ HalfNormal(2), f_tilde ~ N(0, 1) (non-centred latent GP);
    K = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + 1e-10 I (Stan's gp_exp_quad_cov plus its jitter), L = chol(K),
    f = L f_tilde; k ~ Poisson(exp(f))."""
    x = np.asarray(data["x"], dtype=np.float64)
    sq_dist = (x[:, None] - x[None, :]) ** 2
    with pm.Model() as model:  # np.float64: pytensor would fold gammaln(25.0) in float32 (1e-6 off)
        rho = pm.Gamma("rho", alpha=np.float64(25.0), beta=np.float64(4.0))
        alpha = pm.HalfNormal("alpha", np.float64(2.0))
        f_tilde = pm.Normal("f_tilde", np.float64(0.0), np.float64(1.0), shape=data["N"])
        cov = alpha**2 * pt.exp(-sq_dist / (2.0 * rho**2)) + 1e-10 * np.eye(data["N"])
        f = pm.Deterministic("f", pt.linalg.cholesky(cov) @ f_tilde)
        pm.Poisson("k", pt.exp(f), observed=data["k"])
    return model
