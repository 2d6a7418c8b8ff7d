"""A PyMC builder function, two module-level models (ambiguous), a discrete latent, a shape error."""
import numpy as np
import pymc as pm


def regression():
    """A function without arguments returning the model."""
    with pm.Model() as model:
        pm.Normal("y", pm.Normal("mu", 0.0, 1.0), 1.0, observed=np.zeros(3))
    return model


with pm.Model() as first:
    pm.Normal("a", 0.0, 1.0)

with pm.Model() as second:
    pm.Normal("b", 0.0, 1.0)

with pm.Model() as discrete:
    k = pm.Poisson("k", 3.0)
    pm.Normal("y", pm.Normal("mu", 0.0, 1.0) + k, 1.0, observed=np.array([1.0, 2.0]))

with pm.Model() as shapes_differ:
    pm.Normal("y", pm.Normal("mu", 0.0, 1.0, shape=3), 1.0, observed=np.zeros(4))


def not_a_model():
    return 3
