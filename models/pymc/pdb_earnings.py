"""posteriordb earnings-* (Stan programs earn_height, log10earn_height, logearn_height, logearn_height_male,
logearn_interaction, logearn_interaction_z, logearn_logheight_male), PyMC twin."""
import pymc as pm

from models.posteriordb.transforms.earnings import design


def build(data: dict, variant: str = "logearn_height", **options) -> pm.Model:
    """y ~ N(X beta, sigma), X = [1, predictors of ``variant``] (y = earn, log10(earn) or log(earn)); beta and
    sigma > 0 improper flat (Stan states no prior)."""
    y, X = design(data, variant)
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=X.shape[1])
        sigma = pm.HalfFlat("sigma")
        pm.Normal("y", pm.math.dot(X, beta), sigma, observed=y)
    return model
