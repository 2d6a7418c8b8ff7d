"""Exercise 21.12: monthly sales vs advertising spend, 20 stores x 24 months (simulated, seed 2112).

The chapter only names the data, so it is simulated:

1. store effects (alpha_j, beta_j) ~ MvNormal((50, 4), diag(10, 1.5) R diag(10, 1.5)) with
   correlation -0.4 (stores with high baseline sales respond less to advertising);
2. ad spend ad_spend[j, t] ~ Uniform(2, 18) (thousand $ per month), 20 x 24, row-major;
3. sales y[j, t] = alpha_j + beta_j * ad_std[j, t] + N(0, 5) (thousand $ per month),

drawn in that order from ``np.random.default_rng(2112)``. ``ad_std`` = (ad_spend - 10) / 4 uses the
design's centre and a round scale (fixed constants, not data statistics), so alpha_j is store j's
sales at $10k ad spend and beta_j the gain per extra $4k. Arrays are flattened store-major
(one row per store-month), with the store index in ``store``.
"""
import numpy as np

N_STORES = 20
N_MONTHS = 24
TRUE_MU = (50.0, 4.0)
TRUE_SD = (10.0, 1.5)
TRUE_RHO = -0.4
TRUE_SIGMA = 5.0
AD_CENTER = 10.0
AD_SCALE = 4.0


def load() -> dict:
    """Return store and month indices, ad spend (raw and scaled) and sales ``y``, one row per store-month."""
    rng = np.random.default_rng(2112)
    sd = np.array(TRUE_SD)
    cov = np.diag(sd) @ np.array([[1.0, TRUE_RHO], [TRUE_RHO, 1.0]]) @ np.diag(sd)
    effects = rng.multivariate_normal(np.array(TRUE_MU), cov, size=N_STORES)
    ad_spend = rng.uniform(2.0, 18.0, size=(N_STORES, N_MONTHS))
    ad_std = (ad_spend - AD_CENTER) / AD_SCALE
    y = effects[:, :1] + effects[:, 1:] * ad_std + rng.normal(0.0, TRUE_SIGMA, size=(N_STORES, N_MONTHS))
    store, month = np.meshgrid(np.arange(N_STORES), np.arange(N_MONTHS), indexing="ij")
    return {
        "store": store.ravel().astype(np.int64),
        "month": month.ravel().astype(np.int64),
        "ad_spend": ad_spend.ravel(),
        "ad_std": ad_std.ravel(),
        "y": y.ravel(),
    }
