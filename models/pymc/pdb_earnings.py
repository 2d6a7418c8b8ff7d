"""posteriordb earnings-* (Stan programs earn_height, log10earn_height, logearn_height, logearn_height_male,
logearn_interaction, logearn_interaction_z, logearn_logheight_male), PyMC twin."""
import pymc as pm

from models.posteriordb.transforms.earnings import design
from models.pymc.pdb_flat_regression import flat_regression


def build(data: dict, variant: str = "logearn_height", **options) -> pm.Model:
    """y ~ N(X beta, sigma), X = [1, predictors of ``variant``] (y = earn, log10(earn) or log(earn)); beta and
    sigma > 0 improper flat (Stan states no prior)."""
    y, X = design(data, variant)
    return flat_regression(y, X)
