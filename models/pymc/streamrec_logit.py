"""Exercise 21.25: hierarchical logistic model of StreamRec engagement events, PyMC twin."""
import pymc as pm

PARAMETERIZATIONS = ("noncentered", "centered")


def build(data: dict, parameterization: str = "noncentered", batch_size: int | None = None, **options) -> pm.Model:
    """y ~ Bernoulli(logit = a[category] + b * x); a_c ~ N(mu, sigma).

    mu ~ N(0, 2.5), sigma ~ HalfNormal(1), b ~ N(0, 2.5). ``noncentered`` samples a_z_c ~ N(0, 1)
    and sets a = mu + sigma * a_z; ``centered`` samples ``a`` directly. ``batch_size`` (None =
    all events) wraps category, x and y jointly in ``pm.Minibatch`` and scales the likelihood
    to the full event count with ``total_size``.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_categories = int(data["category"].max()) + 1
    with pm.Model() as model:
        category, x, y = data["category"], data["x"], data["y"]
        total_size = None
        if batch_size is not None:
            category, x, y = pm.Minibatch(category, x, y, batch_size=batch_size)
            total_size = data["y"].shape[0]
        mu = pm.Normal("mu", 0.0, 2.5)
        sigma = pm.HalfNormal("sigma", 1.0)
        if parameterization == "centered":
            a = pm.Normal("a", mu, sigma, shape=n_categories)
        else:
            a_z = pm.Normal("a_z", 0.0, 1.0, shape=n_categories)
            a = pm.Deterministic("a", mu + sigma * a_z)
        b = pm.Normal("b", 0.0, 2.5)
        pm.Bernoulli("y", logit_p=a[category] + b * x, observed=y, total_size=total_size)
    return model
