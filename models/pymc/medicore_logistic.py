"""Exercise 21.23: hierarchical logistic regression of MediCore treatment response, PyMC twin."""
import pymc as pm


def build(data: dict, batch_size: int | None = None, **options) -> pm.Model:
    """y ~ Bernoulli(logit = alpha[hospital] + beta_age * age_std + beta_bmi * bmi_std).

    alpha_j = mu_alpha + sigma_alpha * alpha_z_j (non-centered); mu_alpha, beta_age, beta_bmi ~ N(0, 2.5),
    sigma_alpha ~ HalfNormal(1), alpha_z_j ~ N(0, 1). ``batch_size`` (None = all patients) wraps
    hospital, age_std, bmi_std and y jointly in ``pm.Minibatch`` and scales the likelihood to the
    full patient count with ``total_size``.
    """
    n_hospitals = int(data["hospital"].max()) + 1
    with pm.Model() as model:
        hospital, age_std, bmi_std, y = data["hospital"], data["age_std"], data["bmi_std"], data["y"]
        total_size = None
        if batch_size is not None:
            hospital, age_std, bmi_std, y = pm.Minibatch(hospital, age_std, bmi_std, y, batch_size=batch_size)
            total_size = data["y"].shape[0]
        mu_alpha = pm.Normal("mu_alpha", 0.0, 2.5)
        sigma_alpha = pm.HalfNormal("sigma_alpha", 1.0)
        alpha_z = pm.Normal("alpha_z", 0.0, 1.0, shape=n_hospitals)
        alpha = pm.Deterministic("alpha", mu_alpha + sigma_alpha * alpha_z)
        beta_age = pm.Normal("beta_age", 0.0, 2.5)
        beta_bmi = pm.Normal("beta_bmi", 0.0, 2.5)
        logit = alpha[hospital] + beta_age * age_std + beta_bmi * bmi_std
        pm.Bernoulli("y", logit_p=logit, observed=y, total_size=total_size)
    return model
