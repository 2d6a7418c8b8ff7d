"""Exercise 21.1: simulated simple linear regression (seed 123, n = 150 at size 1).

As the exercise, from ``np.random.default_rng(123)``: x ~ N(0, 1), then
y = 3.0 + 2.5 x + N(0, 1.2), with n = max(1, round(150 * size)) observations; ``size`` = 1
reproduces the exercise's draws bit for bit (``size`` 6.67 .. 6,667 gives 1e3 .. 1e6).
"""
import numpy as np

BASE_N = 150


def observations(size: float = 1.0) -> int:
    """Number of observations ``load(size)`` returns, without generating them."""
    return max(1, int(round(BASE_N * size)))


def load(size: float = 1.0) -> dict:
    """Return ``x`` and ``y`` exactly as the exercise generates them (``size`` scales n)."""
    rng = np.random.default_rng(123)
    n = observations(size)
    x = rng.normal(0, 1, size=n)
    y = 3.0 + 2.5 * x + rng.normal(0, 1.2, size=n)
    return {"x": x, "y": y}
