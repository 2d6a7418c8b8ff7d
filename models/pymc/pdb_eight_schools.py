"""posteriordb eight_schools-eight_schools_noncentered, PyMC twin (Stan program: eight_schools_noncentered.stan)."""
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """theta_trans ~ N(0, 1), mu ~ N(0, 5), tau ~ HalfCauchy(5) (Stan: cauchy(0, 5) on tau > 0, the half-Cauchy
    up to a constant 2 that Stan drops; twinbench keeps it in both twins); theta = theta_trans * tau + mu;
    y ~ N(theta, sigma)."""
    with pm.Model() as model:
        theta_trans = pm.Normal("theta_trans", 0.0, 1.0, shape=data["J"])
        mu = pm.Normal("mu", 0.0, 5.0)
        tau = pm.HalfCauchy("tau", 5.0)
        theta = pm.Deterministic("theta", theta_trans * tau + mu)
        pm.Normal("y", theta, data["sigma"], observed=data["y"])
    return model
