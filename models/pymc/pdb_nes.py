"""posteriordb nes{1972,...,2000}-nes, PyMC twin (Stan program: nes.stan)."""
import numpy as np
import pymc as pm

from models.posteriordb.transforms.nes import design
from models.pymc.pdb_flat_regression import flat_regression


def build(data: dict, **options) -> pm.Model:
    """partyid7 ~ N(X beta, sigma), X as in ``design``; beta and sigma > 0 flat (improper; Stan states no prior)."""
    X = design(data)
    return flat_regression(data["partyid7"].astype(np.float64), X, observed="partyid7")
