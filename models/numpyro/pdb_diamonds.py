"""posteriordb diamonds-diamonds, NumPyro twin (Stan program: diamonds.stan, brms-generated)."""
import numpyro
import numpyro.distributions as dist

from models.posteriordb.transforms.diamonds import centred


def model(data: dict, **options):
    """b_k ~ N(0, 1), Intercept ~ StudentT(3, 8, 10), sigma ~ half-StudentT(3, 10) (the t folded at 0);
    Y ~ N(Intercept + Xc b, sigma), Xc the centred predictors."""
    Xc = centred(data)
    with numpyro.plate("coef", Xc.shape[1]):
        b = numpyro.sample("b", dist.Normal(0.0, 1.0))
    intercept = numpyro.sample("Intercept", dist.StudentT(3.0, 8.0, 10.0))
    sigma = numpyro.sample("sigma", dist.FoldedDistribution(dist.StudentT(3.0, 0.0, 10.0)))
    with numpyro.plate("obs", data["N"]):
        numpyro.sample("Y", dist.Normal(intercept + Xc @ b, sigma), obs=data["Y"])
