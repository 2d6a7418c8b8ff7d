"""Exercise 21.23: MediCore binary treatment response, 12 hospitals (simulated, seed 2123).

The chapter only names the data, so it is simulated, in this order from
``np.random.default_rng(2123)``:

1. base patient counts n_j ~ Integers(50, 500) inclusive, one per hospital (12);
2. hospital intercepts alpha_j = 0.3 + 0.5 * N(0, 1) (log-odds of response);
3. counts n_j = max(1, round(n_j * size)) -- scaled after drawing, so ``size`` changes no
   hospital-level draw; patients are stored hospital by hospital;
4. age ~ N(60, 10) years, then bmi ~ N(28, 5) kg/m^2, one per patient;
5. response y ~ Bernoulli(expit(alpha_j - 0.4 * age_std + 0.25 * bmi_std)).

``age_std`` = (age - 60) / 10 and ``bmi_std`` = (bmi - 28) / 5 use the design's centres and
scales (fixed constants, not data statistics): alpha_j is hospital j's log-odds for a 60-year-old
with BMI 28, the slopes are per 10 years and per 5 BMI units. ``hospital`` and ``y`` are int32,
not int64: this patient axis is minibatched, and ``pm.Minibatch`` of an int64 array casts it,
which PyMC then refuses as observed data of a discrete likelihood.
"""
import numpy as np

N_HOSPITALS = 12
TRUE_MU_ALPHA = 0.3
TRUE_SIGMA_ALPHA = 0.5
TRUE_BETA_AGE = -0.4
TRUE_BETA_BMI = 0.25
AGE_CENTER, AGE_SCALE = 60.0, 10.0
BMI_CENTER, BMI_SCALE = 28.0, 5.0


def _base_counts(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(50, 500, size=N_HOSPITALS, endpoint=True)


def _scaled(base_counts: np.ndarray, size: float) -> np.ndarray:
    return np.maximum(1, np.round(base_counts * size)).astype(np.int64)


def observations(size: float = 1.0) -> int:
    """Number of patients ``load(size)`` returns: the scaled hospital counts, without drawing patients."""
    return int(_scaled(_base_counts(np.random.default_rng(2123)), size).sum())


def load(size: float = 1.0) -> dict:
    """Return per-patient hospital index, age, BMI (raw and scaled) and response ``y``; ``size`` scales counts."""
    rng = np.random.default_rng(2123)
    base_counts = _base_counts(rng)
    alpha = TRUE_MU_ALPHA + TRUE_SIGMA_ALPHA * rng.normal(0.0, 1.0, size=N_HOSPITALS)
    counts = _scaled(base_counts, size)
    hospital = np.repeat(np.arange(N_HOSPITALS), counts)
    age = rng.normal(AGE_CENTER, AGE_SCALE, size=hospital.size)
    bmi = rng.normal(BMI_CENTER, BMI_SCALE, size=hospital.size)
    age_std = (age - AGE_CENTER) / AGE_SCALE
    bmi_std = (bmi - BMI_CENTER) / BMI_SCALE
    logit = alpha[hospital] + TRUE_BETA_AGE * age_std + TRUE_BETA_BMI * bmi_std
    y = rng.binomial(1, 1.0 / (1.0 + np.exp(-logit)))
    return {
        "hospital": hospital.astype(np.int32),
        "age": age,
        "bmi": bmi,
        "age_std": age_std,
        "bmi_std": bmi_std,
        "y": y.astype(np.int32),
    }
