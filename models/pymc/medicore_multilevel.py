"""Exercise 21.26: MediCore treatment effects with hospital (and country) levels, PyMC twin."""
import pymc as pm

from models.medicore_multilevel_priors import PRIORS, check_structure


def build(data: dict, structure: str = "three_level", **options) -> pm.Model:
    """y_i ~ N(mu + c[country_i] + h[hospital_i], sigma), every level non-centered.

    c_k = tau_country * country_z_k (``three_level`` only), h_j = tau_hospital * hospital_z_j;
    priors in ``models.medicore_multilevel_priors``.
    """
    check_structure(structure)
    n_hospitals = data["hospital_country"].shape[0]
    with pm.Model() as model:
        mu = pm.Normal("mu", *PRIORS["mu"])
        tau_hospital = pm.HalfNormal("tau_hospital", PRIORS["tau_hospital"])
        hospital_z = pm.Normal("hospital_z", 0.0, 1.0, shape=n_hospitals)
        hospital_mean = mu + tau_hospital * hospital_z
        if structure == "three_level":
            n_countries = int(data["hospital_country"].max()) + 1
            tau_country = pm.HalfNormal("tau_country", PRIORS["tau_country"])
            country_z = pm.Normal("country_z", 0.0, 1.0, shape=n_countries)
            hospital_mean = hospital_mean + (tau_country * country_z)[data["hospital_country"]]
        sigma = pm.HalfNormal("sigma", PRIORS["sigma"])
        pm.Normal("y", hospital_mean[data["hospital"]], sigma, observed=data["y"])
    return model
