"""The overhead study keeps every measured pair (an interrupted run resumes where it stopped) and alternates
which side of a pair runs first."""
from types import SimpleNamespace

import pytest

from harness.records.config import RunConfig
from harness.studies import overhead


def fake_sampling(monkeypatch, fail_at: int | None = None):
    """Harness and hand-written runs replaced by instant fakes (harness 90 ESS/s, by hand 100); counts calls."""
    calls, sides = [], []

    def execute(spec, runs_dir):
        calls.append((spec.posterior, spec.method))
        sides.append("harness")
        return SimpleNamespace(ok=len(calls) != fail_at, status="failed", ess_per_sec_total=90.0)

    def handwritten_run(method, posterior, config):
        sides.append("hand")
        return {"ess_bulk_min": 200.0, "seconds": 2.0}

    monkeypatch.setattr(overhead, "execute", execute)
    monkeypatch.setattr(overhead, "handwritten_run", handwritten_run)
    return calls, sides


def test_an_interrupted_overhead_run_keeps_its_pairs_and_resumes_with_the_missing_ones(tmp_path, monkeypatch):
    pairs_file, config = tmp_path / "pairs.csv", RunConfig()
    pairs = [("p1", "m1"), ("p1", "m2")]
    fake_sampling(monkeypatch, fail_at=4)
    with pytest.raises(overhead.OverheadPairFailed, match=r"p1 x m2 \[2/3\].*--resume"):
        overhead.measure_overhead(pairs, config, tmp_path, pairs_file, repeats=3)
    assert len(overhead.load_pairs(pairs_file)) == 3  # the three pairs before m2's second failed one survived

    calls, _ = fake_sampling(monkeypatch)
    table = overhead.measure_overhead(pairs, config, tmp_path, pairs_file, repeats=3, resume=True).set_index("method")
    assert calls == [("p1", "m2"), ("p1", "m1"), ("p1", "m2")]  # repeat 2 of m2, then repeat 3 of both
    assert table["repeats"].tolist() == [3, 3] and table["ratio"].tolist() == pytest.approx([0.9, 0.9])

    calls, _ = fake_sampling(monkeypatch)  # without --resume the requested pairs are measured afresh
    overhead.measure_overhead([("p1", "m1")], config, tmp_path, pairs_file, repeats=3)
    assert len(calls) == 3 and len(overhead.load_pairs(pairs_file)) == 6  # m2's pairs are kept


def test_the_side_that_runs_first_alternates_from_repeat_to_repeat(tmp_path, monkeypatch):
    _, sides = fake_sampling(monkeypatch)
    overhead.measure_overhead([("p1", "m1")], RunConfig(), tmp_path, tmp_path / "pairs.csv", repeats=4)
    assert sides == ["harness", "hand", "hand", "harness"] * 2
