"""posteriordb earnings-* (Stan programs earn_height, log10earn_height, logearn_height, logearn_height_male,
logearn_interaction, logearn_interaction_z, logearn_logheight_male), NumPyro twin."""
from models.numpyro.pdb_flat_regression import flat_regression
from models.posteriordb.transforms.earnings import design


def model(data: dict, variant: str = "logearn_height", **options):
    """y ~ N(X beta, sigma), X = [1, predictors of ``variant``]; beta and sigma > 0 improper flat."""
    y, X = design(data, variant)
    flat_regression(y, X)
