"""Exercise 21.3: daily emergency-room visits over 90 days (seed 789).

Besides the raw ``temperature`` (deg F) the dataset carries ``temp_std`` = (temperature - 75) / 10,
the temperature scaled by the generator's own design mean and sd (fixed constants, not data
statistics), so that the intercept is the log rate on a 75 F weekday and the slope is per 10 F.
"""
import numpy as np

TEMP_CENTER = 75.0
TEMP_SCALE = 10.0


def load() -> dict:
    """Return temperature, its scaled form, the weekend flag and the visit counts."""
    rng = np.random.default_rng(789)
    n = 90
    temperature = rng.normal(75, 10, size=n)  # Fahrenheit
    is_weekend = rng.binomial(1, 2 / 7, size=n)
    true_lambda = np.exp(2.5 + 0.01 * temperature + 0.3 * is_weekend)
    visits = rng.poisson(true_lambda)
    return {
        "temperature": temperature,
        "temp_std": (temperature - TEMP_CENTER) / TEMP_SCALE,
        "is_weekend": is_weekend.astype(np.float64),
        "visits": visits.astype(np.int64),
    }
