"""Exercise 21.2: simulated multiple regression with three predictors (seed 456, n = 200 at size 1).

As the exercise, from ``np.random.default_rng(456)``: X ~ N(0, 1) (n x 3), then
y = 2.0 + X @ (1.5, -0.8, 0.3) + N(0, 0.9), with n = max(1, round(200 * size)) observations;
``size`` = 1 reproduces the exercise's draws bit for bit (``size`` 5 .. 5,000 gives 1e3 .. 1e6).
"""
import numpy as np

BASE_N = 200


def observations(size: float = 1.0) -> int:
    """Number of observations ``load(size)`` returns, without generating them."""
    return max(1, int(round(BASE_N * size)))


def load(size: float = 1.0) -> dict:
    """Return the design ``X`` (n x 3) and ``y`` exactly as the exercise generates them (``size`` scales n)."""
    rng = np.random.default_rng(456)
    n = observations(size)
    X = rng.normal(0, 1, size=(n, 3))
    true_betas = np.array([1.5, -0.8, 0.3])
    y = 2.0 + X @ true_betas + rng.normal(0, 0.9, size=n)
    return {"X": X, "y": y}
