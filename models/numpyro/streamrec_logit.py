"""Exercise 21.25: hierarchical logistic model of StreamRec engagement events, NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist

PARAMETERIZATIONS = ("noncentered", "centered")


def model(data: dict, parameterization: str = "noncentered", batch_size: int | None = None, **options):
    """y ~ Bernoulli(logit = a[category] + b * x); a_c ~ N(mu, sigma).

    mu ~ N(0, 2.5), sigma ~ HalfNormal(1), b ~ N(0, 2.5). ``noncentered`` samples a_z_c ~ N(0, 1)
    and sets a = mu + sigma * a_z; ``centered`` samples ``a`` directly. ``batch_size`` (None =
    all events) subsamples the ``events`` plate; its index selects category, x and y, and the
    plate scales the likelihood to the full event count.
    """
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError(f"unknown parameterization {parameterization!r}; choose from {PARAMETERIZATIONS}")
    n_categories = int(data["category"].max()) + 1
    mu = numpyro.sample("mu", dist.Normal(0.0, 2.5))
    sigma = numpyro.sample("sigma", dist.HalfNormal(1.0))
    with numpyro.plate("categories", n_categories):
        if parameterization == "centered":
            a = numpyro.sample("a", dist.Normal(mu, sigma))
        else:
            a_z = numpyro.sample("a_z", dist.Normal(0.0, 1.0))
            a = numpyro.deterministic("a", mu + sigma * a_z)
    b = numpyro.sample("b", dist.Normal(0.0, 2.5))
    category, x, y = data["category"], data["x"], data["y"]
    with numpyro.plate("events", y.shape[0], subsample_size=batch_size) as index:
        if batch_size is not None:
            category, x, y = (jnp.asarray(v)[index] for v in (category, x, y))
        numpyro.sample("y", dist.Bernoulli(logits=a[category] + b * x), obs=y)
