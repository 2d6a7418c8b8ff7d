"""Exercise 21.26: MediCore treatment effects with hospital (and country) levels, NumPyro twin."""
import numpyro
import numpyro.distributions as dist

from models.medicore_multilevel_priors import PRIORS, check_structure


def model(data: dict, structure: str = "three_level", **options):
    """y_i ~ N(mu + c[country_i] + h[hospital_i], sigma), every level non-centered.

    c_k = tau_country * country_z_k (``three_level`` only), h_j = tau_hospital * hospital_z_j;
    priors in ``models.medicore_multilevel_priors``.
    """
    check_structure(structure)
    n_hospitals = data["hospital_country"].shape[0]
    mu = numpyro.sample("mu", dist.Normal(*PRIORS["mu"]))
    tau_hospital = numpyro.sample("tau_hospital", dist.HalfNormal(PRIORS["tau_hospital"]))
    with numpyro.plate("hospitals", n_hospitals):
        hospital_z = numpyro.sample("hospital_z", dist.Normal(0.0, 1.0))
    hospital_mean = mu + tau_hospital * hospital_z
    if structure == "three_level":
        n_countries = int(data["hospital_country"].max()) + 1
        tau_country = numpyro.sample("tau_country", dist.HalfNormal(PRIORS["tau_country"]))
        with numpyro.plate("countries", n_countries):
            country_z = numpyro.sample("country_z", dist.Normal(0.0, 1.0))
        hospital_mean = hospital_mean + (tau_country * country_z)[data["hospital_country"]]
    sigma = numpyro.sample("sigma", dist.HalfNormal(PRIORS["sigma"]))
    with numpyro.plate("patients", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(hospital_mean[data["hospital"]], sigma), obs=data["y"])
