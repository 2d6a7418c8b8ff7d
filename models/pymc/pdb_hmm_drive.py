"""posteriordb bball_drive_event_0-hmm_drive_0 and bball_drive_event_1-hmm_drive_1, PyMC twin
(Stan programs: hmm_drive_0.stan, hmm_drive_1.stan)."""
import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt
from pymc.distributions.transforms import Chain, log, ordered


def _normal_ordered(name: str, transform, start: list) -> pt.TensorVariable:
    """N([0, 3], 1) elementwise on an (positive_)ordered vector, starting samplers at ``start`` (the prior means
    [0, 3] lie on the positive_ordered boundary; an initval would block the density check's transform removal)."""
    return pm.CustomDist(name, np.array([0.0, 3.0]), 1.0, dist=lambda m, s, size: pm.Normal.dist(m, s, size=size),
                         support_point=lambda rv, size, m, s: pt.as_tensor(np.array(start)), transform=transform,
                         shape=2)


def build(data: dict, emission: str = "exponential", **options) -> pm.Model:
    """theta_k ~ Dirichlet(alpha[k, :]); phi[1], lambda[1] ~ N(0, 1), phi[2], lambda[2] ~ N(3, 1), on
    positive_ordered (emission "exponential", hmm_drive_0) or ordered (emission "normal", hmm_drive_1) vectors;
    theta = [theta1; theta2]; given state k: u[t] ~ Exponential(phi[k]), v[t] ~ Exponential(lambda[k]) (hmm_drive_0)
    or u[t] ~ N(phi[k], tau), v[t] ~ N(lambda[k], rho) (hmm_drive_1); states summed out by the forward algorithm,
    gamma[t, k] = logsumexp_j(gamma[t-1, j] + log theta[j, k]) + lp[t, k], target += logsumexp(gamma[N])."""
    u = np.asarray(data["u"], dtype=np.float64)[:, None]
    v = np.asarray(data["v"], dtype=np.float64)[:, None]
    alpha = np.asarray(data["alpha"], dtype=np.float64)
    if emission == "exponential":
        transform, start = Chain([log, ordered]), [1.0, 3.0]
    elif emission == "normal":
        transform, start = ordered, [0.0, 3.0]
    else:
        raise ValueError(f"unknown emission {emission!r}")
    with pm.Model() as model:
        theta1 = pm.Dirichlet("theta1", alpha[0])
        theta2 = pm.Dirichlet("theta2", alpha[1])
        theta = pm.Deterministic("theta", pt.stack([theta1, theta2]))
        phi = _normal_ordered("phi", transform, start)
        lam = _normal_ordered("lambda", transform, start)
        if emission == "exponential":
            lp = pm.logp(pm.Exponential.dist(phi), u) + pm.logp(pm.Exponential.dist(lam), v)  # (N, K)
        else:
            lp = pm.logp(pm.Normal.dist(phi, data["tau"]), u) + pm.logp(pm.Normal.dist(lam, data["rho"]), v)
        log_theta = pt.log(theta)

        def step(lp_t, gamma_prev, log_theta):
            return pt.logsumexp(gamma_prev[:, None] + log_theta, axis=0) + lp_t

        gamma = pytensor.scan(step, sequences=[lp[1:]], outputs_info=[lp[0]], non_sequences=[log_theta],
                              return_updates=False)
        pm.Potential("forward", pt.logsumexp(gamma[-1]))
    return model
