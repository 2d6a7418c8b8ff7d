"""Exercise 21.1: simulated simple linear regression (seed 123, n = 150)."""
import numpy as np


def load() -> dict:
    """Return ``x`` and ``y`` exactly as the exercise generates them."""
    rng = np.random.default_rng(123)
    n = 150
    x = rng.normal(0, 1, size=n)
    y = 3.0 + 2.5 * x + rng.normal(0, 1.2, size=n)
    return {"x": x, "y": y}
