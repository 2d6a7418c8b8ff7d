"""Exercise 21.5: the classic eight-schools SAT coaching data (Rubin, 1981)."""
import numpy as np


def load() -> dict:
    """Return the observed effects ``y`` and their standard errors ``sigma``."""
    return {
        "y": np.array([28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0]),
        "sigma": np.array([15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0]),
    }
