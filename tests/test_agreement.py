"""The agreement test: its arithmetic, its verdicts on known cases, and planted twins."""
import jax
import numpy as np
import pytest
from numpyro.infer.util import log_density
from scipy.stats import norm

from harness.quality.agreement import agreement, bonferroni_threshold
from harness.quality.planted import with_prior_scale
from harness.records.schema import RunRecord
from harness.quality.reference import agreement_with_reference, load_reference
from models import catalog

REFERENCE = {"mu": {"mean": 1.0, "sd": 2.0, "mcse_mean": 0.01, "mcse_sd": 0.01},
             "tau": {"mean": 3.0, "sd": 1.0, "mcse_mean": 0.01, "mcse_sd": 0.01}}


def test_threshold_is_bonferroni_corrected_two_sided_normal():
    assert bonferroni_threshold(1) == pytest.approx(norm.isf(0.005))
    assert bonferroni_threshold(4) == pytest.approx(norm.isf(0.01 / 8))
    assert bonferroni_threshold(40) > bonferroni_threshold(4)


def test_identical_summaries_agree():
    result = agreement(REFERENCE, REFERENCE)
    assert result["agrees"] and result["max_z"] == 0 and result["n_tests"] == 4


def test_shifted_mean_beyond_monte_carlo_error_fails():
    run = {**REFERENCE, "mu": {**REFERENCE["mu"], "mean": 1.0 + 10 * np.sqrt(2) * 0.01}}
    result = agreement(run, REFERENCE)
    assert not result["agrees"]
    assert result["max_z"] == pytest.approx(10.0)
    assert result["max_z_at"] == "mu mean"


def test_small_shift_within_monte_carlo_error_passes():
    run = {**REFERENCE, "tau": {**REFERENCE["tau"], "mean": 3.0 + 0.02, "sd": 1.0 - 0.02}}
    assert agreement(run, REFERENCE)["agrees"]


def test_wrong_sd_and_missing_elements_fail():
    wrong_sd = {**REFERENCE, "tau": {**REFERENCE["tau"], "sd": 1.5}}
    assert agreement(wrong_sd, REFERENCE)["failures"] == [f"tau sd: z={0.5 / np.sqrt(2e-4):.2f}"]
    assert "tau: missing" in agreement({"mu": REFERENCE["mu"]}, REFERENCE)["failures"]


def test_planted_prior_scale_changes_the_density_of_that_site_only():
    posterior = catalog.get("eight_schools-noncentered")
    data, options = posterior.load_data(), posterior.model_options()
    point = {"mu": 1.0, "tau": 4.0, "theta_z": np.zeros(8)}
    jax.config.update("jax_enable_x64", True)
    base, _ = log_density(posterior.numpyro_model(), (data,), options, point)
    planted, _ = log_density(with_prior_scale(posterior.numpyro_model(), "tau", 1.1), (data,), options, point)
    # HalfCauchy(s) log density at 4: log(2 / (pi s (1 + (4/s)^2)))
    expected = np.log(2 / (np.pi * 11 * (1 + (4 / 11) ** 2))) - np.log(2 / (np.pi * 10 * (1 + (4 / 10) ** 2)))
    assert float(planted - base) == pytest.approx(expected, rel=1e-9)


@pytest.mark.skipif(load_reference("eight_schools-noncentered") is None, reason="reference not built")
def test_record_with_other_options_is_not_judged_against_the_default_reference():
    reference = load_reference("eight_schools-noncentered")
    record = RunRecord(posterior="eight_schools-noncentered", method="x", config={"options": {}},
                       summary=reference["summary"])
    assert agreement_with_reference(record)["agrees"]
    poisson = RunRecord(posterior="er_visits-poisson_regression", method="x", config={"options": {"prior": "tight"}},
                        summary={"alpha": {"mean": 0.0, "sd": 1.0}})
    assert agreement_with_reference(poisson) is None


def test_record_of_another_data_size_is_not_judged_against_the_reference():
    reference = load_reference("streamrec_events-hierarchical_logit")
    assert reference is not None
    same = RunRecord(posterior="streamrec_events-hierarchical_logit", method="x", config={"size": 1.0},
                     summary=reference["summary"])
    assert agreement_with_reference(same)["agrees"]
    scaled = RunRecord(posterior="streamrec_events-hierarchical_logit", method="x", config={"size": 10.0},
                       summary=reference["summary"])
    assert agreement_with_reference(scaled) is None
