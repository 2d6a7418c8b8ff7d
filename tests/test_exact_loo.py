"""Exact refits where PSIS-LOO warns (harness/studies/predictive/exact_loo.py), on no-pooling eight schools.

No pooling is where PSIS fails: theta_i is informed by y_i alone, so leaving y_i out moves theta_i from its
posterior back to its N(0, 20) prior. Its brute-force leave-one-out value is also known in closed form:
elpd_i = log N(y_i | 0, sqrt(20^2 + sigma_i^2)).
"""
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.stats import norm

from harness.studies.predictive.exact_loo import EXACT, EXACT_ALL, KFOLD, LooTarget, corrected_loo
from harness.studies.predictive.loglik import pointwise_log_likelihood

POSTERIOR = "eight_schools-no_pooling"
PRIOR_SD = 20.0


def analytic_loo_i(data) -> np.ndarray:
    """Exact leave-one-out elpd_i of no pooling: the prior predictive density of y_i."""
    return norm.logpdf(data["y"], 0.0, np.sqrt(PRIOR_SD ** 2 + data["sigma"] ** 2))


class ConjugateContext:
    """A StudyContext stand-in whose ``fit_many`` draws no-pooling posteriors exactly (conjugate normal), so the
    refits cost nothing: with ``holdout=i`` (or ``fold=k``) theta_i of each observation left out is drawn from its
    prior, as the twins define it."""

    def __init__(self, chains=4, draws=1000, seed=0):
        self.chains, self.draws, self.seed, self.cells = chains, draws, seed, []

    def config(self, seed=0, **overrides):
        return SimpleNamespace(seed=seed, options=overrides.get("options", {}))

    def fit_many(self, cells):
        from models import catalog

        self.cells += cells
        return [self.fit(catalog.get(p).load_data(), config.options, k) for k, (p, _, config) in enumerate(cells)]

    def fit(self, data, options, k):
        from models.holdout import left_out

        precision = 1 / PRIOR_SD ** 2 + 1 / data["sigma"] ** 2
        mean, sd = (data["y"] / data["sigma"] ** 2) / precision, precision ** -0.5
        out = left_out(len(mean), options.get("holdout"), options.get("fold"))
        mean[out], sd[out] = 0.0, PRIOR_SD
        rng = np.random.default_rng([self.seed, k, *(out + 1)])
        theta = rng.normal(mean, sd, size=(self.chains, self.draws, len(mean)))
        return SimpleNamespace(ok=True, draws={"theta": theta}, record=SimpleNamespace(ok=True, status="ok"))


def no_pooling_target(context, backend="numpyro"):
    from models import catalog

    entry = catalog.get(POSTERIOR)
    base = context.fit_many([(POSTERIOR, "numpyro.nuts", context.config())])[0]
    return entry, LooTarget(POSTERIOR, backend, pointwise_log_likelihood(entry, base.draws, entry.load_data()))


def brute_force_loo_i(context, entry, target) -> np.ndarray:
    """Refit without every observation in turn: the exact elpd_i of all of them."""
    from harness.studies.predictive.exact_loo import exact_elpd_i

    data = entry.load_data()
    fits = context.fit_many([(POSTERIOR, "numpyro.nuts", context.config(options={"holdout": i}))
                             for i in range(len(data["y"]))])
    return np.array([exact_elpd_i(pointwise_log_likelihood(entry, fit.draws, data)[..., i])
                     for i, fit in enumerate(fits)])


@pytest.mark.parametrize("posterior,options", [(POSTERIOR, {"holdout": 2}), (POSTERIOR, {"fold": 7}),
                                               ("streamrec-beta_binomial_mu_kappa", {"fold": 3}),
                                               ("reading_scores-hierarchical_lunch", {"holdout": 14})])
def test_holdout_and_fold_drop_likelihood_terms(posterior, options):
    """The twins agree with the terms left out (test_density) and the option takes effect: at the same points
    the density differs from the full model's by the left-out terms, so it is never equal."""
    from harness.quality.density import compare_twins
    from models import catalog

    entry = catalog.get(posterior)
    full, held = (compare_twins(entry, k=3, seed=1, options=o) for o in ({}, options))
    assert all(abs(a.numpyro - b.numpyro) > 1e-6 for a, b in zip(full, held))


def test_corrected_loo_matches_brute_force_leave_one_out_where_psis_fails():
    context = ConjugateContext(chains=4, draws=1000)
    entry, target = no_pooling_target(context)
    result = corrected_loo(context, {"no_pooling": target}, refit_all_share=None)["no_pooling"]
    assert result["n_k_above_0_7"] > 0, "the case must be one where PSIS warns"
    # every flagged observation refitted, none left to PSIS
    flagged = set(np.flatnonzero(result["pareto_k"] > 0.7))
    assert set(result["refit"]) == flagged and not result["uncorrected"] and result["n_refit"] == len(flagged)
    assert result["method_of_correction"] == EXACT
    brute = brute_force_loo_i(context, entry, target)
    exact = analytic_loo_i(entry.load_data())
    np.testing.assert_allclose(brute, exact, atol=0.05)  # the brute force is right (Monte Carlo error ~0.01)
    # corrected elpd equals the brute-force value within Monte Carlo error: exactly refitted observations within
    # the refits' error, the others (k <= 0.7) within PSIS's own error there (up to ~0.1 each at k 0.5-0.7)
    np.testing.assert_allclose(result["elpd_loo_i"][sorted(flagged)], brute[sorted(flagged)], atol=0.05)
    np.testing.assert_allclose(result["elpd_loo_i"], brute, atol=0.15)
    assert abs(result["elpd_loo"] - brute.sum()) < 0.3
    # ... and PSIS alone is further off (it is optimistic exactly where it warns)
    assert result["elpd_loo_psis"] - brute.sum() > abs(result["elpd_loo"] - brute.sum())
    # the ArviZ object the comparisons use carries the corrected pointwise values
    assert result["elpd_data"].elpd == pytest.approx(result["elpd_loo"])
    assert np.allclose(np.asarray(result["elpd_data"].elpd_i), result["elpd_loo_i"])
    # with most observations flagged (the default rule), every one is refitted: the brute force itself
    everything = corrected_loo(context, {"no_pooling": target})["no_pooling"]
    if everything["n_k_above_0_7"] > 4:
        assert everything["n_refit"] == 8 and everything["method_of_correction"] == EXACT_ALL
        np.testing.assert_allclose(everything["elpd_loo_i"], brute, atol=0.05)


def test_kfold_replaces_every_observation_when_exact_refits_would_be_too_many():
    """Above ``kfold_above`` refits, K-fold: here (8 schools, K = 10) each fold holds one school, so K-fold is the
    brute force itself, which checks that fold k leaves out exactly the observations it names."""
    context = ConjugateContext(chains=4, draws=1000)
    entry, target = no_pooling_target(context)
    result = corrected_loo(context, {"no_pooling": target}, kfold_above=2)["no_pooling"]
    assert result["n_k_above_0_7"] > 2, "the case must flag more observations than kfold_above"
    assert result["method_of_correction"] == KFOLD and result["n_refit"] == 8  # folds 8 and 9 are empty: skipped
    assert all(config.options.get("fold") is not None for _, _, config in context.cells[-8:])
    np.testing.assert_allclose(result["elpd_loo_i"], analytic_loo_i(entry.load_data()), atol=0.05)


def test_a_refit_cap_refits_the_worst_and_says_the_rest_lean_on_psis():
    from harness.studies.predictive.exact_loo import trust_sentence

    context = ConjugateContext()
    context.scale = SimpleNamespace(max_refits=1)
    _, target = no_pooling_target(context)
    result = corrected_loo(context, {"no_pooling": target}, refit_all_share=None)["no_pooling"]
    k = np.asarray(result["pareto_k"])
    assert result["n_refit"] == 1 and list(result["refit"]) == [int(np.argmax(k))]
    assert sorted(result["uncorrected"]) == sorted(int(i) for i in np.flatnonzero(k > 0.7) if i != np.argmax(k))
    assert "trust neither" in trust_sentence("no_pooling", result)


def test_kfold_is_refused_where_the_twins_offer_no_fold():
    from harness.studies.predictive.exact_loo import LooTarget

    context = ConjugateContext()
    _, target = no_pooling_target(context)
    other = LooTarget("conversion_pages-no_pooling", "numpyro", np.repeat(target.log_lik[..., :5], 1, axis=-1))
    with pytest.raises(ValueError, match="no fold option"):
        corrected_loo(context, {"x": other}, kfold_above=0, refit_all_share=0.0)


@pytest.mark.sampling
def test_corrected_loo_through_the_harness_refits_the_flagged_observations(tmp_path):
    """The same through real harness fits (numpyro NUTS, tiny scale, one process per fit): every flagged
    observation refitted without it, and its elpd_i the closed-form leave-one-out value within the Monte Carlo
    error of 2 x 60 draws (the exact-draws test above bounds the whole sum tightly)."""
    from dataclasses import replace

    from harness.studies.context import SCALES, StudyContext

    uncapped = replace(SCALES["tiny"], max_refits=None)  # every flagged observation refitted, as at full scale
    context = StudyContext("exact_loo", uncapped, tmp_path / "runs", log=lambda line: None)
    entry, target = no_pooling_target(context)
    result = corrected_loo(context, {"no_pooling": target}, refit_all_share=None)["no_pooling"]
    flagged = sorted(int(i) for i in np.flatnonzero(result["pareto_k"] > 0.7))
    assert flagged and sorted(result["refit"]) == flagged and not result["uncorrected"]
    from harness.records.store import read_records

    ran = [record.config.get("options") or {} for record in read_records(tmp_path / "runs")]  # what actually ran
    assert sorted(options["holdout"] for options in ran if "holdout" in options) == flagged
    np.testing.assert_allclose(result["elpd_loo_i"][flagged], analytic_loo_i(entry.load_data())[flagged], atol=0.3)
