"""posteriordb kilpisjarvi_mod-kilpisjarvi, PyMC twin (Stan program: kilpisjarvi.stan)."""
import numpy as np
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """alpha ~ N(pmualpha, psalpha), beta ~ N(pmubeta, psbeta), sigma > 0 flat (improper; Stan states no prior);
    y ~ N(alpha + beta x, sigma), x the raw (uncentred) year."""
    x = np.asarray(data["x"], dtype=np.float64)
    with pm.Model() as model:
        alpha = pm.Normal("alpha", float(data["pmualpha"]), float(data["psalpha"]))
        beta = pm.Normal("beta", float(data["pmubeta"]), float(data["psbeta"]))
        sigma = pm.HalfFlat("sigma")
        pm.Normal("y", alpha + beta * x, sigma, observed=data["y"])
    return model
