"""Variational and subsampling methods: complete records, support rules, and the KL estimator."""
import math

import numpy as np
import pytest

from harness.records.config import RunConfig
from harness.quality.kl import kde_kl, marginal_kl
from harness.methods.numpyro_hmcecs import NumpyroHmcecs
from harness.methods.numpyro_svi import NumpyroSvi, NumpyroSviLowRank, NumpyroSviMvn
from harness.methods.numpyro_svi_minibatch import NumpyroSviMinibatch
from harness.methods.pymc_advi_minibatch import PymcAdviMinibatch
from harness.methods.pymc_vi import PymcAdvi, PymcFullRankAdvi
from harness.methods.vi import elbo_summary
from models import catalog

from helpers import assert_complete

VI_METHODS = [PymcAdvi(), PymcFullRankAdvi(), NumpyroSvi(), NumpyroSviMvn(), NumpyroSviLowRank()]
MINIBATCH_METHODS = [PymcAdviMinibatch(), NumpyroSviMinibatch(), NumpyroHmcecs()]
SMALL_VI = RunConfig(draws=100, tune=50, chains=2, seed=3, vi_steps=300)
MINIBATCH = RunConfig(draws=60, tune=60, chains=1, seed=3, vi_steps=300, batch_size=500)
STREAMREC = "streamrec_events-hierarchical_logit"


@pytest.mark.sampling
@pytest.mark.parametrize("name", ["eight_schools-noncentered", "linreg_sim-linear_regression"])
@pytest.mark.parametrize("method", VI_METHODS, ids=lambda m: m.name)
def test_vi_method_produces_a_complete_record(method, name):
    posterior = catalog.get(name)
    record = method.run(posterior, posterior.load_data(), SMALL_VI)
    assert_complete(record, posterior)
    assert record.vi["steps"] == SMALL_VI.vi_steps
    assert math.isfinite(record.vi["final_elbo"])
    assert 0 < len(record.vi["elbo_trace"]) <= 200 and record.vi["elbo_trace_steps"][-1] == SMALL_VI.vi_steps
    assert record.timings["warmup"] == 0.0
    # i.i.d. draws of chains x draws: R-hat is ~1 and ESS is about the number of draws
    assert record.rhat_max < 1.05 and record.ess_bulk_min > 0.5 * SMALL_VI.chains * SMALL_VI.draws
    if method.name == "numpyro.svi_lowrank":  # the guide took effect, at NumPyro's default rank
        assert record.vi["method"] == "svi:AutoLowRankMultivariateNormal"
        assert record.extra["guide"] == "AutoLowRankMultivariateNormal"
        assert record.extra["guide_rank"] == round(math.sqrt(record.extra["guide_latent_dim"])) >= 1


@pytest.mark.sampling
@pytest.mark.parametrize("method", MINIBATCH_METHODS, ids=lambda m: m.name)
def test_minibatch_method_produces_a_complete_record(method):
    posterior = catalog.get(STREAMREC)
    data = posterior.load_data()
    record = method.run(posterior, data, MINIBATCH)
    assert_complete(record, posterior)
    if method.name == "numpyro.hmcecs":
        assert record.grad_evals_sampling > 0 and record.grad_evals_warmup > 0
        assert record.extra["batch_size"] == 500 and record.extra["reference_fit"]["steps"] == 300
    else:
        assert record.vi["steps"] == MINIBATCH.vi_steps and math.isfinite(record.vi["final_elbo"])
        assert record.vi["batch_size"] == 500 and record.vi["total_size"] == len(data["y"])
        # the ELBO is in full-data units: around -0.5 nats per event, not per minibatch
        assert record.vi["final_elbo"] < -0.2 * len(data["y"])


@pytest.mark.parametrize("method", MINIBATCH_METHODS, ids=lambda m: m.name)
def test_minibatch_methods_say_why_not(method):
    assert "subsampled" in method.supports(catalog.get("eight_schools-noncentered"), MINIBATCH)
    assert "batch size" in method.supports(catalog.get(STREAMREC), SMALL_VI)
    assert method.supports(catalog.get(STREAMREC), MINIBATCH) is None
    assert method.supports(catalog.get("medicore_response-hierarchical_logistic"), MINIBATCH) is None


def test_vi_methods_support_every_posterior():
    for method in VI_METHODS:
        for name in catalog.names():
            assert method.supports(catalog.get(name), SMALL_VI) is None, (method.name, name)


def test_only_the_posteriors_with_an_observation_plate_can_be_subsampled():
    axes = {name: catalog.get(name).minibatch_axis for name in catalog.names()}
    assert {n for n, a in axes.items() if a} == {STREAMREC, "medicore_response-hierarchical_logistic",
                                                 "tennis_sim-bradley_terry"}


def test_elbo_summary_thins_and_averages_the_last_steps():
    losses = np.concatenate([np.linspace(100.0, 10.0, 900), np.full(100, 5.0)])
    vi = elbo_summary(losses)
    assert vi["steps"] == 1000 and vi["final_elbo"] == -5.0
    assert len(vi["elbo_trace"]) == 200 and vi["elbo_trace_steps"][0] == 1 and vi["elbo_trace_steps"][-1] == 1000
    assert vi["elbo_trace"][0] == -100.0


def gaussian_kl(m1, s1, m2, s2):
    """KL(N(m1, s1^2) || N(m2, s2^2)) in closed form."""
    return math.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5


@pytest.mark.parametrize("p,q", [((0.0, 1.0), (1.0, 1.5)), ((0.0, 1.0), (0.5, 1.0)), ((2.0, 0.5), (2.0, 0.8)),
                                 ((0.0, 1.0), (1.5, 1.0))])
def test_kde_kl_matches_closed_form_for_gaussians(p, q):
    rng = np.random.default_rng(7)
    draws_p = rng.normal(p[0], p[1], 10_000)
    draws_q = rng.normal(q[0], q[1], 10_000)
    assert kde_kl(draws_p, draws_q) == pytest.approx(gaussian_kl(*p, *q), rel=0.12, abs=0.03)


def test_marginal_kl_labels_elements_and_is_near_zero_for_one_distribution():
    rng = np.random.default_rng(8)
    draws_p = {"mu": rng.normal(0, 1, (2, 3000)), "theta": rng.normal(0, 1, (2, 3000, 2)), "only_p": np.zeros((1, 5))}
    draws_q = {"mu": rng.normal(0, 1, (1, 6000)), "theta": rng.normal([0, 1], 1, (1, 6000, 2))}
    kl = marginal_kl(draws_p, draws_q)
    assert set(kl) == {"mu", "theta[0]", "theta[1]"}
    assert kl["mu"] < 0.01 and kl["theta[0]"] < 0.01
    assert kl["theta[1]"] == pytest.approx(0.5, abs=0.03)
