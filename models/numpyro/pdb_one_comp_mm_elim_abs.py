"""posteriordb one_comp_mm_elim_abs-one_comp_mm_elim_abs, NumPyro twin (Stan program: one_comp_mm_elim_abs.stan)."""
import jax
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist

from models.posteriordb.transforms.ode_meshes import graded_mesh

FIRST, GRADING, SUBSTEPS = 20, 3, 5  # RK4 steps to the first time (graded), grading power, steps per later interval


def _concentration(k_a, K_m, V_m, D, V, t0, times):
    """Classic RK4 of dC/dt = exp(-k_a t) D k_a / V - (V_m / V) C / (K_m + C) from C(t0) = 0 on the fixed mesh."""
    starts, sizes, ends = graded_mesh(t0, times, FIRST, GRADING, SUBSTEPS)

    def rate(t, c):
        return jnp.exp(-k_a * t) * D * k_a / V - (V_m / V) * c / (K_m + c)

    def step(c, t_h):
        t, h = t_h
        k1 = rate(t, c)
        k2 = rate(t + 0.5 * h, c + 0.5 * h * k1)
        k3 = rate(t + 0.5 * h, c + 0.5 * h * k2)
        k4 = rate(t + h, c + h * k3)
        c = c + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        return c, c

    _, path = jax.lax.scan(step, jnp.zeros(()), (jnp.asarray(starts), jnp.asarray(sizes)))
    return path[ends]


def model(data: dict, **options):
    """k_a, K_m, V_m, sigma ~ HalfCauchy(1); C solves dC/dt = exp(-k_a t) D k_a / V - (V_m / V) C / (K_m + C),
    C(t0) = 0 (Stan's `t > 0` guard on the dose term changes one point only, not the solution; fixed-step RK4 on a
    mesh graded towards t0, 115 steps; max relative error against solve_ivp(Radau, rtol=1e-12) 3.7e-7 over 306
    posteriordb reference draws, each parameter's extremes included: scripts/check-ode-twins); C_hat ~ LogNormal(log C, sigma)."""
    k_a = numpyro.sample("k_a", dist.HalfCauchy(1.0))
    K_m = numpyro.sample("K_m", dist.HalfCauchy(1.0))
    V_m = numpyro.sample("V_m", dist.HalfCauchy(1.0))
    sigma = numpyro.sample("sigma", dist.HalfCauchy(1.0))
    C = _concentration(k_a, K_m, V_m, float(data["D"]), float(data["V"]), float(data["t0"]), data["times"])
    numpyro.deterministic("C", C[:, None])
    with numpyro.plate("obs", data["N_t"]):
        numpyro.sample("C_hat", dist.LogNormal(jnp.log(C), sigma), obs=data["C_hat"])
