"""Exercise 21.17: users and conversions under a new price in eight markets (the exercise's table).

Markets in order US, UK, Germany, France, Japan, Brazil, India, Australia.
"""
import numpy as np


def load() -> dict:
    """Return users ``n`` and conversions ``y`` per market (int64)."""
    return {
        "n": np.array([12000, 8500, 3200, 2800, 1500, 800, 400, 150], dtype=np.int64),
        "y": np.array([840, 510, 224, 196, 135, 72, 40, 18], dtype=np.int64),
    }
