"""posteriordb hmm_example-hmm_example, PyMC twin (Stan program: hmm_example.stan)."""
import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt
from pymc.distributions.transforms import Chain, log, ordered


def build(data: dict, **options) -> pm.Model:
    """theta1, theta2 uniform on the simplex (Stan: no prior; Dirichlet(1, ..., 1) here, density (K-1)!);
    mu positive_ordered with mu[1] ~ N(3, 1), mu[2] ~ N(10, 1) (unnormalised on that support, as in Stan);
    theta = [theta1; theta2] (rows: from-state); y[t] | z[t] = k ~ N(mu[k], 1), the states summed out by the
    forward algorithm: gamma[1, k] = lp[1, k], gamma[t, k] = logsumexp_j(gamma[t-1, j] + log theta[j, k]) + lp[t, k],
    target += logsumexp(gamma[N])."""
    K = data["K"]
    y = np.asarray(data["y"], dtype=np.float64)
    with pm.Model() as model:
        theta1 = pm.Dirichlet("theta1", np.ones(K))
        theta2 = pm.Dirichlet("theta2", np.ones(K))
        theta = pm.Deterministic("theta", pt.stack([theta1, theta2]))
        mu = pm.Normal("mu", np.array([3.0, 10.0]), 1.0, transform=Chain([log, ordered]))
        emission = pm.logp(pm.Normal.dist(mu, 1.0), y[:, None])  # (N, K)
        log_theta = pt.log(theta)

        def step(lp_t, gamma_prev, log_theta):
            return pt.logsumexp(gamma_prev[:, None] + log_theta, axis=0) + lp_t

        gamma = pytensor.scan(step, sequences=[emission[1:]], outputs_info=[emission[0]],
                              non_sequences=[log_theta], return_updates=False)
        pm.Potential("forward", pt.logsumexp(gamma[-1]))
    return model
