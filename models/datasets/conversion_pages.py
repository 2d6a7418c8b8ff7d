"""Exercise 21.8: one week of visitors and conversions on five landing pages (the exercise's table).

Pages in order A, B, C, D, E.
"""
import numpy as np


def load() -> dict:
    """Return visitors ``n`` and conversions ``y`` per page (int64)."""
    return {
        "n": np.array([2340, 1120, 450, 180, 55], dtype=np.int64),
        "y": np.array([187, 112, 63, 32, 14], dtype=np.int64),
    }
