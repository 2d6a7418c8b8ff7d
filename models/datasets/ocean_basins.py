"""Exercise 21.19: annual temperature anomalies of 10 ocean basins (simulated, seed 2119).

The chapter names the data but does not give it, so it is simulated. Each basin b has its own
number of stations and its own temporal coverage (first year to 2023):

    n_stations_b ~ UniformInteger(2, 40)
    first_year_b ~ UniformInteger(1975, 2008)            so 16 to 49 annual values per basin
    alpha_b      ~ Normal(0, 0.3)                        anomaly (deg C) in 2000
    beta_b       ~ Normal(0.15, 0.08)                    warming trend, deg C per decade
    y_i          ~ Normal(alpha_b + beta_b * decade_i, 0.4 / sqrt(n_stations_b))

where ``y_i`` is the basin-mean anomaly of one year (the mean over stations, each with noise
sd 0.4 deg C) and ``decade_i`` = (year_i - 2000) / 10. Rows are listed basin by basin, years
ascending; ``basin`` is each row's 0-based basin index (about 330 rows in all).
"""
import numpy as np

N_BASINS = 10
LAST_YEAR = 2023
REFERENCE_YEAR = 2000
TRUE_MU_BETA = 0.15
TRUE_TAU_BETA = 0.08
STATION_SD = 0.4


def load() -> dict:
    """Return anomalies ``y``, ``basin``, ``year``, ``decade``, and per basin ``n_stations``, ``first_year``."""
    rng = np.random.default_rng(2119)
    n_stations = rng.integers(2, 41, size=N_BASINS).astype(np.int64)
    first_year = rng.integers(1975, 2009, size=N_BASINS).astype(np.int64)
    alpha = rng.normal(0.0, 0.3, size=N_BASINS)
    beta = rng.normal(TRUE_MU_BETA, TRUE_TAU_BETA, size=N_BASINS)
    year = np.concatenate([np.arange(first, LAST_YEAR + 1, dtype=np.int64) for first in first_year])
    basin = np.repeat(np.arange(N_BASINS, dtype=np.int64), LAST_YEAR + 1 - first_year)
    decade = (year - REFERENCE_YEAR) / 10.0
    noise_sd = STATION_SD / np.sqrt(n_stations[basin])
    y = rng.normal(alpha[basin] + beta[basin] * decade, noise_sd)
    return {"y": y, "basin": basin, "year": year, "decade": decade,
            "n_stations": n_stations, "first_year": first_year}
