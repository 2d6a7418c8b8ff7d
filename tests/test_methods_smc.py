"""Sequential Monte Carlo methods: complete records, log evidence against the exact value, agreement.

Tolerance of the log-evidence checks: with the temperature chosen so that each stage keeps an ESS of
half the particles, the variance of log Z-hat is about sum_t (N / ESS_t - 1) / N = stages / N
(N particles per population), so a run of a few stages with 500-1,000 particles has a standard error
of about 0.1 nat. The tests allow max(0.5, 4 x that): ~4-5 standard errors, while any slip in the
normalisation (a Jacobian, the binomial coefficient, a 1/sqrt(2 pi), a prior left in the likelihood)
moves the estimate by whole nats or hundreds of them.
"""
import math

import pytest

from harness.methods.blackjax_smc import NumpyroSmc, PymcBlackjaxSmc
from harness.methods.pymc_smc import PymcSmc
from harness.quality.reference import agreement_with_reference
from harness.records.config import RunConfig
from models import catalog

from helpers import assert_complete

SMALL = RunConfig(draws=500, tune=1, chains=2, seed=1)
METHODS = [PymcSmc(max_cores=1), NumpyroSmc(), PymcBlackjaxSmc()]


def evidence_tolerance(record, particles_per_population: int) -> float:
    stages = record.extra["stages"]
    stages = max(stages) if isinstance(stages, list) else stages
    return max(0.5, 4 * math.sqrt(stages / particles_per_population))


@pytest.mark.sampling
@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_smc_method_produces_a_complete_record_with_evidence(method):
    """eight_schools-noncentered: a complete record, the log evidence near its quadrature value, and the
    draws agree with the reference (4 seeds of numpyro.smc and 2 of pymc.smc agreed: max z 1.3-2.7 of 3.48)."""
    posterior = catalog.get("eight_schools-noncentered")
    record = method.run(posterior, posterior.load_data(), SMALL)
    assert_complete(record, posterior)
    assert method.family == "smc"
    assert record.grad_evals_warmup == 0 and record.grad_evals_sampling == 0 and record.grad_evals == 0
    assert record.timings["warmup"] == 0.0
    extra = record.extra
    assert extra["precision"] == "float64" and extra["logp_evals"] > 0 and extra["tuning"]
    assert record.rhat_max < 1.05
    if method.name == "pymc.smc":
        assert extra["tuning"]["kernel"] == "IMH" and extra["tuning"]["threshold"] == 0.5
        assert extra["tuning"]["correlation_threshold"] == 0.01
        assert len(extra["log_evidence_per_chain"]) == SMALL.chains == len(extra["stages"])
        assert all(b[-1] == 1.0 for b in extra["beta_schedule"])
        per_population = SMALL.draws
    else:
        assert extra["tuning"]["target_ess"] == 0.5 and extra["tuning"]["resampling"] == "systematic"
        assert extra["reached_temperature_one"] and extra["tempering_schedule"][-1] == 1.0
        assert extra["stages"] == len(extra["tempering_schedule"])
        per_population = SMALL.chains * SMALL.draws
    assert math.isfinite(extra["log_evidence"])
    assert extra["log_evidence_exact"] == pytest.approx(-32.1715097, abs=1e-6)
    assert extra["log_evidence_error"] == pytest.approx(extra["log_evidence"] - extra["log_evidence_exact"])
    assert abs(extra["log_evidence_error"]) < evidence_tolerance(record, per_population)
    agreement = agreement_with_reference(record)
    assert agreement is not None and agreement["agrees"], agreement


@pytest.mark.sampling
@pytest.mark.parametrize("method", [PymcSmc(max_cores=1), NumpyroSmc()], ids=lambda m: m.name)
def test_smc_log_evidence_matches_the_closed_form(method):
    """ab_test-beta_binomial: Beta(1, 1) rates, evidence = product of Beta-Binomial evidences (about 9-13
    tempering stages: the likelihood of 20,000 visitors is far from the flat prior)."""
    posterior = catalog.get("ab_test-beta_binomial")
    record = method.run(posterior, posterior.load_data(), SMALL)
    assert record.ok, record.status
    extra = record.extra
    assert extra["log_evidence_exact"] == pytest.approx(-18.4208807, abs=1e-6)
    per_population = SMALL.draws if method.name == "pymc.smc" else SMALL.chains * SMALL.draws
    assert abs(extra["log_evidence_error"]) < evidence_tolerance(record, per_population)
    if method.name == "pymc.smc":  # each chain's own estimate is near the exact value too
        for value in extra["log_evidence_per_chain"]:
            assert abs(value - extra["log_evidence_exact"]) < 2 * evidence_tolerance(record, per_population)


def test_smc_methods_have_distinct_names_and_no_gradients():
    names = [m.name for m in METHODS]
    assert names == ["pymc.smc", "numpyro.smc", "pymc.blackjax_smc"]
    assert {m.backend for m in METHODS} == {"pymc", "numpyro"}
    assert all(m.supports(catalog.get("eight_schools-noncentered"), SMALL) is None for m in METHODS)


def test_per_chain_reads_pymc_smc_stage_statistics_in_each_layout():
    """PyMC 6.4: one chain -> a plain array over stages; several -> (chain, stage) objects, or lists when ragged."""
    from types import SimpleNamespace

    import numpy as np

    from harness.methods.pymc_smc import per_chain

    one = per_chain(SimpleNamespace(values=np.array([0.5, 1.0])), 1)
    square = per_chain(SimpleNamespace(values=np.array([[0.5, 1], [0.4, 1]], dtype=object)), 2)
    ragged_values = np.empty(2, dtype=object)
    ragged_values[:] = [[0.5, 1.0], [0.2, 0.6, 1.0]]
    ragged = per_chain(SimpleNamespace(values=ragged_values), 2)
    assert [list(c) for c in one] == [[0.5, 1.0]]
    assert [list(c) for c in square] == [[0.5, 1.0], [0.4, 1.0]]
    assert [list(c) for c in ragged] == [[0.5, 1.0], [0.2, 0.6, 1.0]]
