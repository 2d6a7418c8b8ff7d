"""The twin proof: every posterior and every option value, plus a planted mismatch that must fail."""
import numpyro
import numpyro.distributions as dist
import pytest

from harness.quality.density import compare_twins, first_differing_site, latent_prior_points, twins_agree
from models import catalog

CASES = [(name, variant) for name, entry in catalog.POSTERIORS.items() for variant in entry.option_variants()]


@pytest.mark.parametrize("name,variant", CASES, ids=[f"{n}{v or ''}" for n, v in CASES])
def test_twins_define_the_same_log_density(name, variant):
    comparisons = compare_twins(catalog.get(name), k=5, seed=1, options=variant)
    assert len(comparisons) == 5
    worst = max(c.relative_difference for c in comparisons)
    assert twins_agree(comparisons, rtol=1e-8), f"max relative difference {worst:.3g}"
    # the points differ, so the check is not comparing one number with itself
    assert len({round(c.numpyro, 6) for c in comparisons}) > 1


def linear_regression_sigma_10pct_off(data, **options):
    """The NumPyro linear regression with the sigma prior scale off by 10% (5.5 instead of 5)."""
    alpha = numpyro.sample("alpha", dist.Normal(0.0, 10.0))
    beta = numpyro.sample("beta", dist.Normal(0.0, 10.0))
    sigma = numpyro.sample("sigma", dist.HalfNormal(5.5))
    with numpyro.plate("obs", data["y"].shape[0]):
        numpyro.sample("y", dist.Normal(alpha + beta * data["x"], sigma), obs=data["y"])


def test_planted_prior_scale_mismatch_is_caught():
    comparisons = compare_twins(catalog.get("linreg_sim-linear_regression"), k=5, seed=1,
                                numpyro_model=linear_regression_sigma_10pct_off)
    assert not twins_agree(comparisons, rtol=1e-8)
    assert all(c.relative_difference > 1e-6 for c in comparisons)


def eight_schools_renamed_site(data, **options):
    """Non-centered eight schools whose offset site has another name than the PyMC twin's."""
    mu = numpyro.sample("mu", dist.Normal(0.0, 20.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(10.0))
    with numpyro.plate("school", 8):
        eta = numpyro.sample("eta", dist.Normal(0.0, 1.0))
        numpyro.sample("y", dist.Normal(mu + tau * eta, data["sigma"]), obs=data["y"])


def test_misnamed_free_parameter_is_caught():
    with pytest.raises(ValueError, match="free parameters differ"):
        compare_twins(catalog.get("eight_schools-noncentered"), numpyro_model=eight_schools_renamed_site)


def _first_differing_site(name: str, numpyro_model) -> str | None:
    posterior = catalog.get(name)
    data, options = posterior.load_data(), posterior.model_options()
    point = latent_prior_points(numpyro_model, data, options, k=1, seed=2)[0]
    return first_differing_site(posterior.pymc_build()(data, **options), numpyro_model, data, options, point)


def test_first_differing_site_names_the_planted_prior():
    assert _first_differing_site("linreg_sim-linear_regression", linear_regression_sigma_10pct_off) == "sigma"


def test_first_differing_site_is_none_for_true_twins():
    assert _first_differing_site("linreg_sim-linear_regression",
                                 catalog.get("linreg_sim-linear_regression").numpyro_model()) is None
