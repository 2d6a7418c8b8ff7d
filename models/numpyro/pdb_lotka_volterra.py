"""posteriordb hudson_lynx_hare-lotka_volterra, NumPyro twin (Stan program: lotka_volterra.stan)."""
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist

from models.posteriordb.transforms.ode_meshes import uniform_steps

SUBSTEPS = 20  # RK4 steps per unit of time


def _log_populations(theta, z_init, sizes):
    """Classic RK4 of the Lotka-Volterra system in log populations (w = log z, dw/dt = (alpha - beta v,
    -gamma + delta u)): the same trajectory as Stan's rk45 of dz/dt, positive by construction."""
    alpha, beta, gamma, delta = theta[0], theta[1], theta[2], theta[3]

    def rate(w):
        return jnp.stack([alpha - beta * jnp.exp(w[1]), -gamma + delta * jnp.exp(w[0])])

    def step(w, h):
        k1 = rate(w)
        k2 = rate(w + 0.5 * h * k1)
        k3 = rate(w + 0.5 * h * k2)
        k4 = rate(w + h * k3)
        w = w + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        return w, w

    _, path = jax.lax.scan(step, jnp.log(z_init), jnp.asarray(sizes))
    return path


def model(data: dict, **options):
    """theta = (alpha, beta, gamma, delta) >= 0 with alpha, gamma ~ N(1, 0.5) and beta, delta ~ N(0.05, 0.05) truncated
    at 0; z_init ~ LogNormal(log 10, 1), sigma ~ LogNormal(-1, 1); z(t) solves du/dt = (alpha - beta v) u,
    dv/dt = (-gamma + delta u) v from z(0) = z_init (fixed-step RK4 in log z, 20 steps per year; max relative error
    against solve_ivp(DOP853, rtol=1e-12) 3.5e-7 over 310 posteriordb reference draws, each parameter's extremes
    included: scripts/check-ode-twins); y_init ~ LogNormal(log z_init, sigma), y[:, k] ~ LogNormal(log z[:, k], sigma[k])."""
    sizes, ends = uniform_steps(data["ts"], SUBSTEPS)
    theta = numpyro.sample("theta", dist.TruncatedNormal(jnp.array([1.0, 0.05, 1.0, 0.05]),
                                                         jnp.array([0.5, 0.05, 0.5, 0.05]), low=0.0).to_event(1))
    z_init = numpyro.sample("z_init", dist.LogNormal(jnp.log(10.0), 1.0).expand([2]).to_event(1))
    sigma = numpyro.sample("sigma", dist.LogNormal(-1.0, 1.0).expand([2]).to_event(1))
    log_z = _log_populations(theta, z_init, sizes)[ends]
    numpyro.deterministic("z", jnp.exp(log_z))
    numpyro.sample("y_init", dist.LogNormal(jnp.log(z_init), sigma).to_event(1), obs=np.asarray(data["y_init"], dtype=np.float64))
    numpyro.sample("y", dist.LogNormal(log_z, sigma).to_event(2), obs=data["y"])
