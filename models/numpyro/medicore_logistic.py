"""Exercise 21.23: hierarchical logistic regression of MediCore treatment response, NumPyro twin."""
import jax.numpy as jnp
import numpyro
import numpyro.distributions as dist


def model(data: dict, batch_size: int | None = None, **options):
    """y ~ Bernoulli(logit = alpha[hospital] + beta_age * age_std + beta_bmi * bmi_std).

    alpha_j = mu_alpha + sigma_alpha * alpha_z_j (non-centered); mu_alpha, beta_age, beta_bmi ~ N(0, 2.5),
    sigma_alpha ~ HalfNormal(1), alpha_z_j ~ N(0, 1). ``batch_size`` (None = all patients)
    subsamples the ``patients`` plate; its index selects hospital, age_std, bmi_std and y, and the
    plate scales the likelihood to the full patient count.
    """
    n_hospitals = int(data["hospital"].max()) + 1
    mu_alpha = numpyro.sample("mu_alpha", dist.Normal(0.0, 2.5))
    sigma_alpha = numpyro.sample("sigma_alpha", dist.HalfNormal(1.0))
    with numpyro.plate("hospitals", n_hospitals):
        alpha_z = numpyro.sample("alpha_z", dist.Normal(0.0, 1.0))
    alpha = numpyro.deterministic("alpha", mu_alpha + sigma_alpha * alpha_z)
    beta_age = numpyro.sample("beta_age", dist.Normal(0.0, 2.5))
    beta_bmi = numpyro.sample("beta_bmi", dist.Normal(0.0, 2.5))
    hospital, age_std, bmi_std, y = data["hospital"], data["age_std"], data["bmi_std"], data["y"]
    with numpyro.plate("patients", y.shape[0], subsample_size=batch_size) as index:
        if batch_size is not None:
            hospital, age_std, bmi_std, y = (jnp.asarray(v)[index] for v in (hospital, age_std, bmi_std, y))
        logit = alpha[hospital] + beta_age * age_std + beta_bmi * bmi_std
        numpyro.sample("y", dist.Bernoulli(logits=logit), obs=y)
