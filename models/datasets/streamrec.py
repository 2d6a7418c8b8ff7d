"""Exercise 21.13: StreamRec engagement counts in 25 content categories (simulated, seed 2113).

The chapter names the data but does not give it, so it is simulated from the population
Beta-Binomial model with mean rate mu = 0.15 and concentration kappa = 30:

    n_j     = round(exp(Uniform(log 20, log 5000)))            users in category j
    theta_j ~ Beta(mu * kappa, (1 - mu) * kappa) = Beta(4.5, 25.5)   true engagement rate
    y_j     ~ Binomial(n_j, theta_j)                           engaged users

so category sizes spread log-uniformly over 20 to 5000 users.
"""
import numpy as np

N_CATEGORIES = 25
TRUE_MU = 0.15
TRUE_KAPPA = 30.0


def load() -> dict:
    """Return users ``n`` and engaged users ``y`` per category (int64)."""
    rng = np.random.default_rng(2113)
    n = np.round(np.exp(rng.uniform(np.log(20), np.log(5000), size=N_CATEGORIES))).astype(np.int64)
    theta = rng.beta(TRUE_MU * TRUE_KAPPA, (1 - TRUE_MU) * TRUE_KAPPA, size=N_CATEGORIES)
    y = rng.binomial(n, theta).astype(np.int64)
    return {"n": n, "y": y}
