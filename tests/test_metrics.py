"""Diagnostics behave as they should on draws whose answer is known."""
import numpy as np

from harness.quality.diagnostics import draw_diagnostics, element_names, safe_ratio


def test_independent_draws_have_ess_near_their_count_and_rhat_near_one():
    rng = np.random.default_rng(0)
    diag = draw_diagnostics({"a": rng.normal(size=(4, 1000)), "b": rng.normal(size=(4, 1000, 2))})
    assert set(diag["ess_bulk"]) == {"a", "b[0]", "b[1]"}
    assert 3000 < diag["ess_bulk_min"] < 5000
    assert diag["rhat_max"] < 1.01
    assert abs(diag["summary"]["a"]["mean"]) < 4 * diag["summary"]["a"]["mcse_mean"]
    assert diag["summary"]["a"]["q05"] < diag["summary"]["a"]["q50"] < diag["summary"]["a"]["q95"]


def test_chains_stuck_in_different_places_have_large_rhat():
    rng = np.random.default_rng(1)
    draws = rng.normal(size=(4, 500)) + np.array([[0.0], [0.0], [3.0], [3.0]])
    assert draw_diagnostics({"a": draws})["rhat_max"] > 1.5


def test_autocorrelated_draws_have_small_ess():
    rng = np.random.default_rng(2)
    steps = rng.normal(size=(4, 1000)) * 0.05
    walk = np.cumsum(steps, axis=1)
    assert draw_diagnostics({"a": walk})["ess_bulk_min"] < 200


def test_helpers():
    assert element_names("L", (2, 2)) == ["L[0, 0]", "L[0, 1]", "L[1, 0]", "L[1, 1]"]
    assert element_names("mu", ()) == ["mu"]
    assert safe_ratio(10, 2) == 5 and safe_ratio(None, 2) is None and safe_ratio(1, 0) is None
