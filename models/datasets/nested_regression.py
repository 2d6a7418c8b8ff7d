"""Exercise 21.15: nested regression models (seed 202, n = 300).

``x1``, ``x2``, ``x3`` and ``y`` are the exercise's own draws, exactly (``x3`` is irrelevant:
y = 1 + 2 x1 - 0.5 x2 + N(0, 1.5)). For part (c), ``X_noise`` holds 10 further irrelevant
predictors, iid N(0, 1), shape (300, 10), drawn afterwards from a separate generator
``np.random.default_rng(2021)``, so the exercise's draws are unchanged.
"""
import numpy as np

NOISE_SEED = 2021
N_NOISE = 10


def load() -> dict:
    """Return x1, x2, x3, y exactly as the exercise generates them, plus ``X_noise`` (n x 10)."""
    rng = np.random.default_rng(202)
    n = 300
    x1 = rng.normal(0, 1, size=n)
    x2 = rng.normal(0, 1, size=n)
    x3 = rng.normal(0, 1, size=n)  # Irrelevant predictor
    y = 1.0 + 2.0 * x1 - 0.5 * x2 + rng.normal(0, 1.5, size=n)
    X_noise = np.random.default_rng(NOISE_SEED).normal(0, 1, size=(n, N_NOISE))
    return {"x1": x1, "x2": x2, "x3": x3, "y": y, "X_noise": X_noise}
