"""posteriordb diamonds-diamonds, PyMC twin (Stan program: diamonds.stan, brms-generated)."""
import pymc as pm

from models.posteriordb.transforms.diamonds import centred


def build(data: dict, **options) -> pm.Model:
    """b_k ~ N(0, 1), Intercept ~ StudentT(3, 8, 10), sigma ~ HalfStudentT(3, 10) (Stan: student_t(3, 0, 10) on
    sigma > 0 minus its lccdf at 0, exactly the half-t); Y ~ N(Intercept + Xc b, sigma), Xc the centred
    predictors (``prior_only`` = 0 in the data: the likelihood is always on)."""
    Xc = centred(data)
    with pm.Model() as model:
        b = pm.Normal("b", 0.0, 1.0, shape=Xc.shape[1])
        intercept = pm.StudentT("Intercept", nu=3.0, mu=8.0, sigma=10.0)
        sigma = pm.HalfStudentT("sigma", nu=3.0, sigma=10.0)
        pm.Normal("Y", intercept + pm.math.dot(Xc, b), sigma, observed=data["Y"])
    return model
