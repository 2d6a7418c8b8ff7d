"""posteriordb mesquite-{mesquite, logmesquite, logmesquite_logvolume, _logva, _logvas, _logvash}, NumPyro twin (Stan
programs: mesquite.stan, logmesquite*.stan)."""
from models.numpyro.pdb_flat_regression import flat_regression
from models.posteriordb.transforms.mesquite import VARIANTS, design


def model(data: dict, variant: str = "mesquite", **options):
    """y ~ N(X beta, sigma), beta and sigma > 0 flat (improper); y and X per variant as in the PyMC twin."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    y, X = design(data, variant)
    flat_regression(y, X)
