"""posteriordb mesquite-{mesquite, logmesquite, logmesquite_logvolume, _logva, _logvas, _logvash}, PyMC twin (Stan
programs: mesquite.stan, logmesquite*.stan)."""
import pymc as pm

from models.posteriordb.transforms.mesquite import VARIANTS, design
from models.pymc.pdb_flat_regression import flat_regression


def build(data: dict, variant: str = "mesquite", **options) -> pm.Model:
    """y ~ N(X beta, sigma), beta and sigma > 0 flat (improper; Stan states no prior). ``mesquite``: y = weight,
    X = [1, diam1, diam2, canopy_height, total_height, density, group]; the log variants: y = log weight and
    X = logs of the measures or of canopy volume d1*d2*h, area d1*d2, shape d1/d2 as each Stan program lists."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    y, X = design(data, variant)
    return flat_regression(y, X)
