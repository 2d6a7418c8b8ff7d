"""The asv tracks are costs (asv reads every number as lower-is-better): rates become per-1,000-ESS costs."""
import math

from bench.bench_nuts import NutsSpeed


def cell(*runs):
    suite = NutsSpeed()
    suite.runs = list(runs)
    return suite


def test_rates_are_tracked_as_costs_per_1000_ess():
    suite = cell({"ess_per_sec": 500.0, "ess_per_grad": 0.25}, {"ess_per_sec": 250.0, "ess_per_grad": 0.5},
                 {"ess_per_sec": 1000.0, "ess_per_grad": 0.1})
    assert suite.track_seconds_per_1000_ess(None, "p", "m") == 2.0  # median of 2, 4 and 1 seconds
    assert suite.track_grads_per_1000_ess(None, "p", "m") == 4000.0  # median of 4000, 2000 and 10000 gradients
    # a less efficient sampler (half the ESS per gradient) costs more: asv reads the rise as a regression
    worse = cell(*({"ess_per_grad": run["ess_per_grad"] / 2} for run in suite.runs))
    assert worse.track_grads_per_1000_ess(None, "p", "m") == 2 * suite.track_grads_per_1000_ess(None, "p", "m")


def test_a_timed_out_run_costs_infinity_and_a_cell_without_the_metric_is_nan():
    assert cell({"ess_per_sec": 0.0}, {"ess_per_sec": 0.0}, {"ess_per_sec": 100.0}).track_seconds_per_1000_ess(
        None, "p", "m") == math.inf
    assert math.isnan(cell({"ess_per_grad": None}).track_grads_per_1000_ess(None, "p", "m"))
