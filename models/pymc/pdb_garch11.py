"""posteriordb garch-garch11, PyMC twin (Stan program: garch11.stan)."""
import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt


def build(data: dict, **options) -> pm.Model:
    """Flat priors (Stan states none): mu real, alpha0 > 0, alpha1 in (0, 1), beta1 in (0, 1 - alpha1);
    sigma[1] = sigma1, sigma[t] = sqrt(alpha0 + alpha1 (y[t-1] - mu)^2 + beta1 sigma[t-1]^2); y ~ N(mu, sigma).
    beta1's flat density on its alpha1-dependent interval is Uniform(0, 1 - alpha1) times (1 - alpha1)."""
    y = np.asarray(data["y"], dtype=np.float64)
    with pm.Model() as model:
        mu = pm.Flat("mu")
        alpha0 = pm.HalfFlat("alpha0")
        alpha1 = pm.Uniform("alpha1", 0.0, 1.0)
        beta1 = pm.Uniform("beta1", 0.0, 1.0 - alpha1)
        pm.Potential("beta1_flat", pt.log(1.0 - alpha1))  # cancels Uniform's -log(1 - alpha1): Stan's flat beta1

        def step(y_prev, sigma_prev, mu, alpha0, alpha1, beta1):
            return pt.sqrt(alpha0 + alpha1 * pt.square(y_prev - mu) + beta1 * pt.square(sigma_prev))

        sigma1 = pt.as_tensor(np.float64(data["sigma1"]))
        rest = pytensor.scan(step, sequences=[pt.as_tensor(y[:-1])], outputs_info=[sigma1],
                             non_sequences=[mu, alpha0, alpha1, beta1], return_updates=False)
        sigma = pt.concatenate([pt.atleast_1d(sigma1), rest])
        pm.Normal("y", mu, sigma, observed=y)
    return model
