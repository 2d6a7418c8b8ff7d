"""Reference draws: stored thinned beside the JSON, and the KL of a run's marginals to them."""
import json

import numpy as np
import pytest

from harness.records.draws import read_draws, thin_draws, write_draws
from harness.quality.diagnostics import element_names
from harness.records.schema import RunRecord
from harness.quality.reference import kl_to_reference, load_reference, load_reference_draws
from models import catalog


def test_draws_round_trip_and_thin_over_all_chains(tmp_path):
    draws = {"mu": np.arange(20.0).reshape(2, 10), "theta": np.arange(120.0).reshape(2, 10, 3, 2)}
    loaded = read_draws(write_draws(draws, tmp_path / "d.npz"))
    assert all(np.array_equal(loaded[k], draws[k]) for k in draws)
    thinned = thin_draws(draws, 5)
    assert thinned["mu"].shape == (1, 5) and thinned["theta"].shape == (1, 5, 3, 2)
    assert thinned["mu"][0, 0] == 0.0 and thinned["mu"][0, -1] == 19.0


def _reference_dir(tmp_path, reference_draws):
    name = "eight_schools-noncentered"
    write_draws(reference_draws, tmp_path / f"{name}.draws.npz")
    (tmp_path / f"{name}.json").write_text(json.dumps({"draws_file": f"{name}.draws.npz"}))
    return tmp_path


def test_kl_to_reference_is_small_for_the_same_distribution_and_large_for_a_shifted_one(tmp_path):
    rng = np.random.default_rng(0)
    shape = {"mu": (), "tau": (), "theta": (8,)}
    reference = {p: rng.normal(size=(1, 4000, *s)) for p, s in shape.items()}
    ref_dir = _reference_dir(tmp_path, reference)
    record = RunRecord(posterior="eight_schools-noncentered", method="pymc.advi", config={},
                       agreement={"agrees": True})
    same = kl_to_reference(record, {p: rng.normal(size=(4, 1000, *s)) for p, s in shape.items()}, ref_dir)
    assert set(same["kl"]) == {"mu", "tau", *[f"theta[{i}]" for i in range(8)]}
    assert same["kl_max"] < 0.02
    shifted = {p: rng.normal(size=(4, 1000, *s)) for p, s in shape.items()}
    shifted["tau"] = shifted["tau"] + 1.5
    result = kl_to_reference(record, shifted, ref_dir)
    assert result["kl_max_at"] == "tau" and result["kl_max"] == pytest.approx(1.125, rel=0.15)


def test_no_kl_without_an_agreement_or_reference_draws(tmp_path):
    draws = {"mu": np.zeros((1, 10))}
    record = RunRecord(posterior="eight_schools-noncentered", method="pymc.advi", config={}, agreement=None)
    assert kl_to_reference(record, draws, tmp_path) is None
    record.agreement = {"agrees": True}
    assert kl_to_reference(record, draws, tmp_path) is None


@pytest.mark.parametrize("name", ["eight_schools-noncentered", "eight_schools-centered", "linreg_sim-linear_regression",
                                  "streamrec_events-hierarchical_logit"])
def test_committed_reference_draws_match_their_summary(name):
    reference, draws = load_reference(name), load_reference_draws(name)
    assert draws is not None, f"no reference draws for {name} (twinbench reference -p {name})"
    for param in catalog.get(name).params:
        values = draws[param].reshape(draws[param].shape[1], -1)
        for label, mean in zip(element_names(param, draws[param].shape[2:]), values.mean(axis=0)):
            expected = reference["summary"][label]
            assert abs(mean - expected["mean"]) < 0.1 * expected["sd"], label
