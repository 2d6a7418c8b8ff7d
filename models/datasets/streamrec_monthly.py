"""Exercise 21.20: StreamRec engagement in 25 categories over 12 months (simulated, seed 2120).

Each category's logit rate follows the exercise's random walk, starting from a logit-normal
population (mu0 = logit 0.15, sigma0 = 0.5), with sigma_walk = 0.15:

    base_j             = round(exp(Uniform(log 20, log 5000)))   typical monthly users of j
    logit(theta_j,1)   ~ Normal(logit 0.15, 0.5)
    logit(theta_j,t)   = logit(theta_j,t-1) + eps_j,t,   eps_j,t ~ Normal(0, 0.15^2),  t = 2..12
    n_j,t              ~ Poisson(base_j)                          users of j in month t
    y_j,t              ~ Binomial(n_j,t, theta_j,t)               engaged users

drawn in that order (bases, starting logits, then one month of increments at a time, users, counts).
"""
import numpy as np

N_CATEGORIES = 25
N_MONTHS = 12
TRUE_MU0 = float(np.log(0.15 / 0.85))
TRUE_SIGMA0 = 0.5
TRUE_SIGMA_WALK = 0.15


def load() -> dict:
    """Return users ``n`` and engaged users ``y``, each (categories, months) int64."""
    rng = np.random.default_rng(2120)
    base = np.round(np.exp(rng.uniform(np.log(20), np.log(5000), size=N_CATEGORIES)))
    logit_theta = np.empty((N_CATEGORIES, N_MONTHS))
    logit_theta[:, 0] = rng.normal(TRUE_MU0, TRUE_SIGMA0, size=N_CATEGORIES)
    for t in range(1, N_MONTHS):
        logit_theta[:, t] = logit_theta[:, t - 1] + rng.normal(0.0, TRUE_SIGMA_WALK, size=N_CATEGORIES)
    n = rng.poisson(base[:, None], size=(N_CATEGORIES, N_MONTHS)).astype(np.int64)
    y = rng.binomial(n, 1.0 / (1.0 + np.exp(-logit_theta))).astype(np.int64)
    return {"n": n, "y": y}
