"""Reference-free agreement: methods judged against the consensus of the others."""
import math

import numpy as np
import pytest

from harness.quality.consensus import consensus, pooled


def runs(shift: float = 0.0, seeds: int = 3, mcse: float = 0.01, rng=None) -> list[dict]:
    """Seeds' summaries of a two-element posterior (means 0 and 1, sds 1), estimated with noise of size mcse."""
    rng = rng or np.random.default_rng(0)
    return [{name: {"mean": truth + shift + mcse * rng.standard_normal(), "sd": 1.0 + mcse * rng.standard_normal(),
                    "mcse_mean": mcse, "mcse_sd": mcse} for name, truth in (("a", 0.0), ("b[0]", 1.0))}
            for _ in range(seeds)]


def test_pooled_averages_runs_and_shrinks_the_mcse_as_independent_runs_do():
    first, second = {"x": {"mean": 1.0, "sd": 2.0, "mcse_mean": 0.3, "mcse_sd": 0.1}}, \
        {"x": {"mean": 3.0, "sd": 4.0, "mcse_mean": 0.4, "mcse_sd": 0.1}, "y": {"mean": 0, "sd": 1}}
    out = pooled([first, second])
    assert set(out) == {"x"} and out["x"]["mean"] == 2.0 and out["x"]["sd"] == 3.0
    assert out["x"]["mcse_mean"] == pytest.approx(0.25) and out["x"]["mcse_sd"] == pytest.approx(math.sqrt(0.02) / 2)


def test_a_biased_method_is_flagged_and_does_not_drag_the_others_out():
    rng = np.random.default_rng(1)
    table = consensus({"nuts_a": runs(rng=rng), "nuts_b": runs(rng=rng), "nuts_c": runs(rng=rng),
                       "vi": runs(shift=0.2, rng=rng)}).set_index("method")
    assert not table.loc["vi", "agrees"] and not table.loc["vi", "in_consensus"]
    assert table.loc[["nuts_a", "nuts_b", "nuts_c"], "agrees"].all()
    assert table.loc["vi", "judged_against"] == ["nuts_a", "nuts_b", "nuts_c"]
    assert table.loc["vi", "max_z_at"].endswith("mean") and table.loc["vi", "max_z"] > 10


def test_two_methods_that_disagree_both_disagree_and_one_method_is_not_judged():
    rng = np.random.default_rng(2)
    table = consensus({"x": runs(rng=rng), "y": runs(shift=0.3, rng=rng)})
    assert not table["agrees"].any() and all("no majority" in f[-1] for f in table["failures"])
    agreeing = consensus({"x": runs(rng=rng), "y": runs(rng=rng)})
    assert agreeing["agrees"].all()
    assert consensus({"x": runs(rng=rng)}).iloc[0]["agrees"] is None
