"""posteriordb nes{1972,...,2000}-nes, NumPyro twin (Stan program: nes.stan)."""
import numpy as np

from models.numpyro.pdb_flat_regression import flat_regression
from models.posteriordb.transforms.nes import design


def model(data: dict, **options):
    """partyid7 ~ N(X beta, sigma), X as in ``design``; beta and sigma > 0 flat (improper)."""
    X = design(data)
    flat_regression(data["partyid7"].astype(np.float64), X, observed="partyid7")
