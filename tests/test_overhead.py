"""The overhead study keeps every measured pair: an interrupted run resumes where it stopped."""
from types import SimpleNamespace

import pytest

from harness.config import RunConfig
from harness.studies import overhead


def fake_sampling(monkeypatch, fail_at: int | None = None):
    """Harness and hand-written runs replaced by instant fakes (harness 90 ESS/s, by hand 100); counts calls."""
    calls = []

    def execute(spec, runs_dir):
        calls.append((spec.posterior, spec.method))
        return SimpleNamespace(ok=len(calls) != fail_at, status="failed", ess_per_sec_total=90.0)

    monkeypatch.setattr(overhead, "execute", execute)
    monkeypatch.setattr(overhead, "handwritten_run", lambda method, posterior, config: {"ess_bulk_min": 200.0,
                                                                                        "seconds": 2.0})
    return calls


def test_an_interrupted_overhead_run_keeps_its_pairs_and_resumes_with_the_missing_ones(tmp_path, monkeypatch):
    pairs_file, config = tmp_path / "pairs.csv", RunConfig()
    pairs = [("p1", "m1"), ("p1", "m2")]
    fake_sampling(monkeypatch, fail_at=4)
    with pytest.raises(overhead.OverheadPairFailed, match=r"p1 x m2 \[1/3\].*--resume"):
        overhead.measure_overhead(pairs, config, tmp_path, pairs_file, repeats=3)
    assert len(overhead.load_pairs(pairs_file)) == 3  # m1's three pairs survived m2's failure

    calls = fake_sampling(monkeypatch)
    table = overhead.measure_overhead(pairs, config, tmp_path, pairs_file, repeats=3, resume=True).set_index("method")
    assert calls == [("p1", "m2")] * 3
    assert table["repeats"].tolist() == [3, 3] and table["ratio"].tolist() == pytest.approx([0.9, 0.9])

    calls = fake_sampling(monkeypatch)  # without --resume the requested pairs are measured afresh
    overhead.measure_overhead([("p1", "m1")], config, tmp_path, pairs_file, repeats=3)
    assert len(calls) == 3 and len(overhead.load_pairs(pairs_file)) == 6  # m2's pairs are kept
