"""Exercise 21.2: simulated multiple regression with three predictors (seed 456, n = 200)."""
import numpy as np


def load() -> dict:
    """Return the design ``X`` (n x 3) and ``y`` exactly as the exercise generates them."""
    rng = np.random.default_rng(456)
    n = 200
    X = rng.normal(0, 1, size=(n, 3))
    true_betas = np.array([1.5, -0.8, 0.3])
    y = 2.0 + X @ true_betas + rng.normal(0, 0.9, size=n)
    return {"X": X, "y": y}
