"""Exercise 21.23: hierarchical logistic regression of MediCore treatment response, PyMC twin."""
import pymc as pm


def build(data: dict, **options) -> pm.Model:
    """y ~ Bernoulli(logit = alpha[hospital] + beta_age * age_std + beta_bmi * bmi_std).

    alpha_j = mu_alpha + sigma_alpha * alpha_z_j (non-centered); mu_alpha, beta_age, beta_bmi ~ N(0, 2.5),
    sigma_alpha ~ HalfNormal(1), alpha_z_j ~ N(0, 1).
    """
    n_hospitals = int(data["hospital"].max()) + 1
    with pm.Model() as model:
        mu_alpha = pm.Normal("mu_alpha", 0.0, 2.5)
        sigma_alpha = pm.HalfNormal("sigma_alpha", 1.0)
        alpha_z = pm.Normal("alpha_z", 0.0, 1.0, shape=n_hospitals)
        alpha = pm.Deterministic("alpha", mu_alpha + sigma_alpha * alpha_z)
        beta_age = pm.Normal("beta_age", 0.0, 2.5)
        beta_bmi = pm.Normal("beta_bmi", 0.0, 2.5)
        logit = alpha[data["hospital"]] + beta_age * data["age_std"] + beta_bmi * data["bmi_std"]
        pm.Bernoulli("y", logit_p=logit, observed=data["y"])
    return model
