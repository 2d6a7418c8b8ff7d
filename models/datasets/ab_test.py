"""Exercise 21.21: one simulated A/B test of two conversion rates (seed 2121).

The chapter gives no data, so one experiment is simulated: 10,000 visitors per arm,

    y_A ~ Binomial(10000, 0.10),   y_B ~ Binomial(10000, 0.11)

(a true lift of 10%). Arms in order A, B: ``theta[0]`` is A, ``theta[1]`` is B.
"""
import numpy as np

VISITORS_PER_ARM = 10_000
TRUE_RATES = (0.10, 0.11)


def load() -> dict:
    """Return visitors ``n`` and conversions ``y`` per arm (int64), A then B."""
    rng = np.random.default_rng(2121)
    n = np.full(2, VISITORS_PER_ARM, dtype=np.int64)
    y = rng.binomial(n, TRUE_RATES).astype(np.int64)
    return {"n": n, "y": y}
