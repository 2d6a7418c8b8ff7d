"""posteriordb arK-arK, PyMC twin (Stan program: arK.stan)."""
import numpy as np
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """alpha ~ N(0, 10), beta[k] ~ N(0, 10), sigma ~ HalfCauchy(2.5);
    y[t] ~ N(alpha + sum_k beta[k] y[t-k], sigma) for t = K+1..T."""
    K, T = data["K"], data["T"]
    y = np.asarray(data["y"], dtype=np.float64)
    lags = np.column_stack([y[K - k:T - k] for k in range(1, K + 1)])  # row t-K holds y[t-1], ..., y[t-K]
    with pm.Model() as model:
        alpha = pm.Normal("alpha", 0.0, 10.0)
        beta = pm.Normal("beta", 0.0, 10.0, shape=K)
        sigma = pm.HalfCauchy("sigma", 2.5)
        pm.Normal("y", alpha + pm.math.dot(lags, beta), sigma, observed=y[K:])
    return model
