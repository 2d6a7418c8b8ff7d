"""Exercise 21.26: MediCore treatment effects, patients within hospitals within countries (simulated, seed 2126).

The chapter only names the data, so it is simulated, in this order from
``np.random.default_rng(2126)``:

1. hospitals per country ~ Integers(3, 8) inclusive, 5 countries (hospitals numbered country by country);
2. country effects c_k = 2.5 * N(0, 1), one per country;
3. hospital effects h_j = 2.0 * N(0, 1), one per hospital;
4. patients per hospital ~ Integers(30, 200) inclusive (patients stored hospital by hospital);
5. treatment effect y_i = 8 + c_country(i) + h_hospital(i) + N(0, 8) (mmHg blood-pressure reduction).

``hospital`` indexes each patient's hospital, ``country`` each patient's country and
``hospital_country`` each hospital's country (all int64).
"""
import numpy as np

N_COUNTRIES = 5
TRUE_MU = 8.0
TRUE_TAU_COUNTRY = 2.5
TRUE_TAU_HOSPITAL = 2.0
TRUE_SIGMA = 8.0


def load() -> dict:
    """Return per-patient hospital and country indices, each hospital's country, and outcomes ``y``."""
    rng = np.random.default_rng(2126)
    hospitals_per_country = rng.integers(3, 8, size=N_COUNTRIES, endpoint=True)
    hospital_country = np.repeat(np.arange(N_COUNTRIES), hospitals_per_country)
    country_effect = TRUE_TAU_COUNTRY * rng.normal(0.0, 1.0, size=N_COUNTRIES)
    hospital_effect = TRUE_TAU_HOSPITAL * rng.normal(0.0, 1.0, size=hospital_country.size)
    patients = rng.integers(30, 200, size=hospital_country.size, endpoint=True)
    hospital = np.repeat(np.arange(hospital_country.size), patients)
    mean = TRUE_MU + country_effect[hospital_country[hospital]] + hospital_effect[hospital]
    y = mean + rng.normal(0.0, TRUE_SIGMA, size=hospital.size)
    return {
        "hospital": hospital.astype(np.int64),
        "country": hospital_country[hospital].astype(np.int64),
        "hospital_country": hospital_country.astype(np.int64),
        "y": y,
    }
