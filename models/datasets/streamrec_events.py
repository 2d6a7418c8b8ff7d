"""Exercise 21.25: StreamRec engagement events over 25 content categories (simulated, seed 2125).

The chapter only names the data, so it is simulated, in this order from
``np.random.default_rng(2125)``:

1. category popularity w ~ Dirichlet(2, ..., 2) over 25 categories;
2. category log-odds a_c = -1.5 + 0.6 * N(0, 1);
3. n = max(1, round(10,000 * size)) events (``size`` 0.1 .. 100 gives 1e3 .. 1e6 events);
   for each event its category ~ Categorical(w), then its watch-time bucket ~ Integers(0, 4)
   (quintile of the viewer's watch time), then its engagement
   y ~ Bernoulli(expit(a_category + 0.5 * x)),

with x = (bucket - 2) / sqrt(2), the bucket standardized by its design mean and sd (fixed
constants). Category-level draws come first, so ``size`` changes only the events. Everything is
vectorized (1e6 events in well under a second). ``category``, ``watch_bucket`` and ``y`` are
int32, not int64: the event axis is minibatched, and ``pm.Minibatch`` of an int64 array casts it,
which PyMC then refuses as observed data of a discrete likelihood.
"""
import numpy as np

N_CATEGORIES = 25
BASE_EVENTS = 10_000
TRUE_MU = -1.5
TRUE_SIGMA = 0.6
TRUE_B = 0.5
N_BUCKETS = 5
BUCKET_CENTER = 2.0
BUCKET_SCALE = float(np.sqrt(2.0))


def observations(size: float = 1.0) -> int:
    """Number of events ``load(size)`` returns, without generating them."""
    return max(1, int(round(BASE_EVENTS * size)))


def load(size: float = 1.0) -> dict:
    """Return per-event category, watch-time bucket (raw and scaled ``x``) and engagement ``y``."""
    rng = np.random.default_rng(2125)
    popularity = rng.dirichlet(np.full(N_CATEGORIES, 2.0))
    a = TRUE_MU + TRUE_SIGMA * rng.normal(0.0, 1.0, size=N_CATEGORIES)
    n = observations(size)
    category = rng.choice(N_CATEGORIES, size=n, p=popularity)
    bucket = rng.integers(0, N_BUCKETS, size=n)
    x = (bucket - BUCKET_CENTER) / BUCKET_SCALE
    y = rng.random(n) < 1.0 / (1.0 + np.exp(-(a[category] + TRUE_B * x)))
    return {
        "category": category.astype(np.int32),
        "watch_bucket": bucket.astype(np.int32),
        "x": x,
        "y": y.astype(np.int32),
    }
