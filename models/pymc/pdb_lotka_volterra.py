"""posteriordb hudson_lynx_hare-lotka_volterra, PyMC twin (Stan program: lotka_volterra.stan)."""
import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt

from models.posteriordb.transforms.ode_meshes import uniform_steps

SUBSTEPS = 20  # RK4 steps per unit of time


def _log_populations(theta, z_init, sizes):
    """Classic RK4 of the Lotka-Volterra system in log populations (w = log z), as the NumPyro twin's."""

    def rate(w, theta):
        return pt.stack([theta[0] - theta[1] * pt.exp(w[1]), -theta[2] + theta[3] * pt.exp(w[0])])

    def step(h, w, theta):
        k1 = rate(w, theta)
        k2 = rate(w + 0.5 * h * k1, theta)
        k3 = rate(w + 0.5 * h * k2, theta)
        k4 = rate(w + h * k3, theta)
        return w + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)

    path = pytensor.scan(step, sequences=[pt.as_tensor(sizes)], outputs_info=[pt.log(z_init)],
                         non_sequences=[theta], return_updates=False)
    return path


def build(data: dict, **options) -> pm.Model:
    """theta = (alpha, beta, gamma, delta) >= 0 with alpha, gamma ~ N(1, 0.5) and beta, delta ~ N(0.05, 0.05) truncated
    at 0; z_init ~ LogNormal(log 10, 1), sigma ~ LogNormal(-1, 1); z(t) solves du/dt = (alpha - beta v) u,
    dv/dt = (-gamma + delta u) v from z(0) = z_init (fixed-step RK4 in log z, 20 steps per year; max relative error
    against solve_ivp(DOP853, rtol=1e-12) 3.5e-7 over 310 posteriordb reference draws, each parameter's extremes
    included: scripts/check-ode-twins); y_init ~ LogNormal(log z_init, sigma), y[:, k] ~ LogNormal(log z[:, k], sigma[k])."""
    sizes, ends = uniform_steps(data["ts"], SUBSTEPS)
    with pm.Model() as model:
        theta = pm.TruncatedNormal("theta", mu=np.array([1.0, 0.05, 1.0, 0.05]),
                                   sigma=np.array([0.5, 0.05, 0.5, 0.05]), lower=np.float64(0.0), shape=4)
        z_init = pm.LogNormal("z_init", np.log(10.0), np.float64(1.0), shape=2)
        sigma = pm.LogNormal("sigma", np.float64(-1.0), np.float64(1.0), shape=2)
        log_z = _log_populations(theta, z_init, sizes)[ends]
        pm.Deterministic("z", pt.exp(log_z))
        pm.LogNormal("y_init", pt.log(z_init), sigma, observed=np.asarray(data["y_init"], dtype=np.float64))
        pm.LogNormal("y", log_z, sigma, observed=data["y"])
    return model
