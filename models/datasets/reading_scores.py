"""Exercises 21.10 and 21.11: reading scores of 15 elementary schools (seed 101), plus lunch_pct.

``school_means``, ``school_ses`` and ``sample_sizes`` are the exact 21.10 generator. Exercise
21.11 adds a school-level predictor, the percentage of students on free/reduced lunch, without
giving it; it is simulated AFTER the 21.10 draws from a separate generator (seed 1011), so the
21.10 data are unchanged. It is tied to the schools' true means (lower scores, more lunch
support), so the predictor carries real signal:

    lunch_pct_j = clip(50 - 2 * (true_means_j - 72) + Normal(0, 12), 5, 95)

``lunch_std`` = (lunch_pct - 50) / 20 is the predictor the model uses (fixed design constants,
not data statistics), so its slope is per 20 percentage points of lunch support.
"""
import numpy as np

LUNCH_CENTER = 50.0
LUNCH_SCALE = 20.0


def load() -> dict:
    """Return school means, standard errors, sample sizes (int64), lunch_pct and lunch_std."""
    rng = np.random.default_rng(101)
    n_schools = 15
    true_pop_mean = 72.0
    true_pop_sd = 8.0
    true_means = rng.normal(true_pop_mean, true_pop_sd, size=n_schools)
    sample_sizes = rng.choice([20, 35, 50, 80, 120, 200, 300], size=n_schools)
    school_means = np.array([rng.normal(true_means[j], 15.0 / np.sqrt(sample_sizes[j]))
                             for j in range(n_schools)])
    school_ses = 15.0 / np.sqrt(sample_sizes)

    lunch_rng = np.random.default_rng(1011)
    lunch_pct = np.clip(50.0 - 2.0 * (true_means - true_pop_mean) + lunch_rng.normal(0.0, 12.0, size=n_schools),
                        5.0, 95.0)
    return {
        "school_means": school_means,
        "school_ses": school_ses,
        "sample_sizes": sample_sizes.astype(np.int64),
        "lunch_pct": lunch_pct,
        "lunch_std": (lunch_pct - LUNCH_CENTER) / LUNCH_SCALE,
    }
