"""posteriordb arma-arma11, PyMC twin (Stan program: arma11.stan)."""
import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt


def build(data: dict, **options) -> pm.Model:
    """mu ~ N(0, 10), phi ~ N(0, 2), theta ~ N(0, 2), sigma ~ HalfCauchy(2.5);
    nu[1] = mu + phi mu, nu[t] = mu + phi y[t-1] + theta err[t-1], err[t] = y[t] - nu[t];
    err ~ N(0, sigma), written as y ~ N(nu, sigma) (the same density)."""
    y = np.asarray(data["y"], dtype=np.float64)
    with pm.Model() as model:
        mu = pm.Normal("mu", 0.0, 10.0)
        phi = pm.Normal("phi", 0.0, 2.0)
        theta = pm.Normal("theta", 0.0, 2.0)
        sigma = pm.HalfCauchy("sigma", 2.5)
        nu1 = mu + phi * mu
        err1 = y[0] - nu1

        def step(y_prev, y_t, err_prev, mu, phi, theta):
            nu_t = mu + phi * y_prev + theta * err_prev
            return nu_t, y_t - nu_t

        nus, _ = pytensor.scan(step, sequences=[pt.as_tensor(y[:-1]), pt.as_tensor(y[1:])],
                               outputs_info=[None, err1], non_sequences=[mu, phi, theta], return_updates=False)
        nu = pt.concatenate([pt.atleast_1d(nu1), nus])
        pm.Normal("y", nu, sigma, observed=y)
    return model
