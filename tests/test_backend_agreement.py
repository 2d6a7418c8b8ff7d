"""The one rule for "two backends agree": MCSE z tests with Bonferroni (harness.quality.agreement)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from harness.quality.agreement import FAMILY_ALPHA, agreement, backends_agree, bonferroni_threshold


def test_estimates_within_monte_carlo_error_agree():
    result = backends_agree([1.00, 2.00, 3.00], [1.02, 1.97, 3.00], [0.01, 0.01, 0.02], [0.01, 0.01, 0.02])
    assert result["agrees"] and result["n_tests"] == 3 and result["alpha"] == FAMILY_ALPHA
    assert result["threshold"] == pytest.approx(bonferroni_threshold(3)) == pytest.approx(2.935, abs=1e-3)
    z = result["elements"]["z"].to_numpy()
    assert z == pytest.approx([0.02 / math.hypot(0.01, 0.01), 0.03 / math.hypot(0.01, 0.01), 0.0])
    assert result["max_z"] == pytest.approx(z.max()) and result["max_z_at"] == 1


def test_a_difference_beyond_the_bonferroni_threshold_disagrees():
    a = pd.Series([0.5, 0.7], index=["mu", "tau"])
    result = backends_agree(a, [0.5, 0.8], [0.01, 0.01], [0.01, 0.01])
    assert not result["agrees"]
    assert list(result["elements"]["agree"]) == [True, False] and result["max_z_at"] == "tau"
    # z = 2.8: within a plain 3-sigma rule, but beyond Bonferroni's threshold for one test (2.58) ...
    step = 2.8 * math.hypot(0.1, 0.1)
    assert not backends_agree([step], [0.0], [0.1], [0.1])["agrees"]
    # ... while z = 3.2 is beyond 3 sigma and within the threshold over 20 tests (3.48)
    step = 3.2 * math.hypot(0.1, 0.1)
    assert backends_agree(np.full(20, step), np.zeros(20), np.full(20, 0.1), np.full(20, 0.1))["agrees"]


def test_missing_or_exact_estimates():
    assert not backends_agree([1.0, 2.0], [1.0, math.nan], [0.1, 0.1], [0.1, 0.1])["agrees"]
    assert backends_agree([1.0], [1.0], [0.0], [0.0])["agrees"]
    assert not backends_agree([1.0], [1.1], [0.0], [0.0])["agrees"]
    empty = backends_agree([], [], [], [])
    assert empty["agrees"] and empty["n_tests"] == 0


def test_run_summaries_use_the_same_z_and_threshold():
    a = {"mu": {"mean": 1.0, "sd": 2.0, "mcse_mean": 0.05, "mcse_sd": 0.04}}
    b = {"mu": {"mean": 1.2, "sd": 2.0, "mcse_mean": 0.05, "mcse_sd": 0.04}}
    pair = agreement(a, b)
    means = backends_agree([1.0, 2.0], [1.2, 2.0], [0.05, 0.04], [0.05, 0.04])
    assert pair["threshold"] == pytest.approx(means["threshold"]) and pair["max_z"] == pytest.approx(means["max_z"])
    assert pair["agrees"] == means["agrees"] is False
