"""twinbench scale: sizes, the sweep's stopping and memory rules, slopes, crossovers, and the report."""
import math

import numpy as np
import pandas as pd
import pytest

from harness.records.config import RunConfig
from harness.records.schema import STATUS_TIMEOUT, RunRecord


def synthetic_frame(lines: dict, sizes, seeds=3, noise=0.05, seed=0) -> pd.DataFrame:
    """Runs whose time_to_1000_ess follows a * n ** b per series, with lognormal noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for series, (a, b) in lines.items():
        for n in sizes:
            for s in range(seeds):
                value = a * n ** b * math.exp(noise * rng.normal())
                rows.append({"series": series, "observations": n, "seed": s, "status": "ok",
                             "time_to_1000_ess": value, "wall_s": value, "seconds_per_grad": value / 1e6,
                             "peak_rss_mb": 500 + n / 1000})
    return pd.DataFrame(rows)


def test_sizes_parse_and_bad_sizes_are_refused():
    from harness.studies.scaling import DEFAULT_SIZES, parse_sizes

    assert parse_sizes("3e3,1e3,1e3,1e4") == [1000, 3000, 10000]
    assert parse_sizes(None) == list(DEFAULT_SIZES)
    for bad in ("1e3,abc", "0", "-5"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_slopes_recover_a_known_power_law_within_their_interval():
    from harness.compare.scaling import slopes

    frame = synthetic_frame({"fast": (1e-3, 1.0), "flat": (5.0, 0.1)}, [1e3, 1e4, 1e5, 1e6])
    table = slopes(frame).set_index(["series", "metric"])
    for series, true in (("fast", 1.0), ("flat", 0.1)):
        row = table.loc[(series, "time_to_1000_ess")]
        assert row["slope_lo"] < row["slope"] < row["slope_hi"] and abs(row["slope"] - true) < 0.05
        assert abs(row["slope"] - true) < row["slope_hi"] - row["slope_lo"]  # within ~4 standard errors
    # fit_from drops the small sizes
    assert (slopes(frame, fit_from=10**4)["runs"] == 9).all()


def test_crossover_is_found_where_the_lines_meet_and_absent_when_they_do_not():
    from harness.compare.scaling import crossover

    # a = 1e-3 n, b = 10 n^0  ->  equal at n = 10^4
    frame = synthetic_frame({"a": (1e-3, 1.0), "b": (10.0, 0.0)}, [1e3, 3e3, 1e4 * 1.5, 3e4, 1e5])
    result = crossover(frame, "a", "b", "time_to_1000_ess")
    assert result["crossover_lo"] <= result["crossover"] <= result["crossover_hi"]
    assert 7_000 < result["crossover"] < 14_000 and result["better_below"] == "a" and result["better_above"] == "b"
    apart = synthetic_frame({"a": (1e-3, 1.0), "b": (1e3, 1.0)}, [1e3, 1e4, 1e5])
    result = crossover(apart, "a", "b", "time_to_1000_ess")
    assert result["crossover"] is None and result["verdict"].startswith("no crossover in range: a")


def test_lines_that_cross_and_cross_back_are_reported_as_such():
    from harness.compare.scaling import crossover

    # b is faster only in the middle size: the verdict must not name one series for both ends as a swap
    frame = synthetic_frame({"a": (1.0, 0.0), "b": (2.0, 0.0)}, [1e3, 1e4, 1e5])
    frame.loc[(frame["series"] == "b") & (frame["observations"] == 1e4), "time_to_1000_ess"] = 0.5
    result = crossover(frame, "a", "b", "time_to_1000_ess")
    assert result["better_below"] == result["better_above"] == "a"
    assert result["verdict"].startswith("lines cross more than once: b faster between")
    assert 1e3 < result["crossover"] < 1e4


def test_a_timeout_counts_as_losing_and_ends_the_crossing_between_sizes():
    from harness.compare.scaling import crossover

    frame = synthetic_frame({"a": (1.0, 0.0), "b": (10.0, 0.0)}, [1e3, 1e4])
    frame.loc[(frame["series"] == "a") & (frame["observations"] == 1e4), ["status", "time_to_1000_ess"]] = \
        ["timeout", math.inf]
    result = crossover(frame, "a", "b", "time_to_1000_ess")
    assert result["better_below"] == "a" and result["better_above"] == "b"
    assert 1e3 < result["crossover"] < 1e4


class FakePosterior:
    """Observations = size * 1000, no data: enough for the sweep's bookkeeping."""

    name = "fake-posterior"

    def size_for(self, n):
        return n / 1000

    def observations(self, size=None):
        return int(round((size or 1.0) * 1000))


def fake_sweep(timeout_from=None, memory_per_obs=1.0, wall_per_obs=0.0):
    """A sweep stand-in: ok records whose peak RSS (and wall, 3 s + ``wall_per_obs`` * n) grow with n;
    timeouts from ``timeout_from`` observations."""
    calls = []

    def sweep(specs, out_dir, resume, log):
        records = []
        for spec in specs:
            n = int(round(spec.config.size * 1000))
            calls.append((spec.method, n, spec.config.seed))
            if timeout_from and n >= timeout_from:
                records.append(RunRecord(spec.posterior, spec.method, spec.config.to_dict(), status=STATUS_TIMEOUT))
                continue
            records.append(RunRecord(spec.posterior, spec.method, spec.config.to_dict(), ess_per_sec=100.0,
                                     timings={"compile": 1.0, "warmup": 1.0, "sampling": 1.0,
                                              "total": 3.0 + wall_per_obs * n},
                                     peak_rss_mb=100 + memory_per_obs * n))
        return records

    sweep.calls = calls
    return sweep


def test_the_sweep_stops_a_method_at_its_first_timeout_and_records_why(tmp_path):
    from harness.studies.scaling import Series, run_scaling

    sweep = fake_sweep(timeout_from=4000)
    records, skips = run_scaling(FakePosterior(), [Series("m", "cpu")], [1000, 2000, 4000, 8000, 16000], [0, 1],
                                 RunConfig(), tmp_path, memory_limit_mb=1e9, sweep=sweep, log=lambda line: None)
    assert sorted({n for _, n, _ in sweep.calls}) == [1000, 2000, 4000]
    assert [s.observations for s in skips] == [8000, 16000]
    assert all("timed out at 4,000 observations" in s.reason for s in skips)


def test_a_stored_timeout_stops_a_rerun_at_that_size_unless_the_timeout_is_raised(tmp_path):
    from harness.studies.scaling import Series, run_scaling

    config = RunConfig(timeout=100.0)
    records, _ = run_scaling(FakePosterior(), [Series("m", "cpu")], [1000, 4000], [0], config, tmp_path,
                             memory_limit_mb=1e9, sweep=fake_sweep(timeout_from=4000), log=lambda line: None)
    rerun = fake_sweep(timeout_from=4000)
    _, skips = run_scaling(FakePosterior(), [Series("m", "cpu")], [2000, 4000, 8000], [0, 1], config, tmp_path,
                           memory_limit_mb=1e9, sweep=rerun, log=lambda line: None, history=records)
    assert sorted({n for _, n, _ in rerun.calls}) == [2000]  # below the stored timeout it still runs
    assert [s.observations for s in skips] == [4000, 8000]
    assert all("timed out at 4,000 observations (limit 100 s)" in s.reason for s in skips)

    longer = fake_sweep(timeout_from=8000)  # with a larger limit the size is tried again, and gets further
    _, skips = run_scaling(FakePosterior(), [Series("m", "cpu")], [4000, 8000], [0], RunConfig(timeout=400.0),
                           tmp_path, memory_limit_mb=1e9, sweep=longer, log=lambda line: None, history=records)
    assert sorted({n for _, n, _ in longer.calls}) == [4000, 8000] and skips == []


def test_a_size_predicted_to_exceed_memory_is_skipped_with_the_prediction(tmp_path):
    from harness.studies.scaling import Series, run_scaling

    sweep = fake_sweep(memory_per_obs=1.0)  # peak RSS = 100 + n MiB
    records, skips = run_scaling(FakePosterior(), [Series("m", "cpu")], [1000, 2000, 4000, 100_000], [0],
                                 RunConfig(), tmp_path, memory_limit_mb=20_000, sweep=sweep, log=lambda line: None)
    assert sorted({n for _, n, _ in sweep.calls}) == [1000, 2000, 4000]
    assert len(skips) == 1 and skips[0].observations == 100_000
    assert "predicted peak RSS" in skips[0].reason and "GiB" in skips[0].reason


def test_a_size_predicted_to_run_far_past_the_timeout_is_skipped_and_the_skip_is_kept(tmp_path):
    from harness.studies.scaling import Series, load_skips, run_scaling, save_skips

    config = RunConfig(timeout=100.0)
    sweep = fake_sweep(wall_per_obs=0.01)  # wall ~ n / 100 s: 43 s at 4,000, ~300 s predicted at 30,000
    records, skips = run_scaling(FakePosterior(), [Series("m", "cpu")], [1000, 2000, 4000, 30_000], [0], config,
                                 tmp_path, memory_limit_mb=1e9, sweep=sweep, log=lambda line: None)
    assert sorted({n for _, n, _ in sweep.calls}) == [1000, 2000, 4000]
    assert [s.observations for s in skips] == [30_000] and "predicted wall" in skips[0].reason

    later = fake_sweep(wall_per_obs=0.01)  # a later sweep of the big size alone predicts from the stored runs
    _, again = run_scaling(FakePosterior(), [Series("m", "cpu")], [30_000], [0], config, tmp_path,
                           memory_limit_mb=1e9, sweep=later, log=lambda line: None, history=records)
    assert later.calls == [] and [s.observations for s in again] == [30_000]
    _, near = run_scaling(FakePosterior(), [Series("m", "cpu")], [12_000], [0], config, tmp_path,
                          memory_limit_mb=1e9, sweep=later, log=lambda line: None, history=records)
    assert near == [] and later.calls == [("m", 12_000, 0)]  # ~120 s predicted: within 1.5 x the timeout, run

    save_skips(tmp_path, skips, config)
    save_skips(tmp_path, again, config)  # the same cell again replaces, not duplicates
    assert [(s.series, s.observations) for s in load_skips(tmp_path, config)] == [(Series("m", "cpu"), 30_000)]
    assert load_skips(tmp_path, RunConfig(draws=10)) == []


@pytest.mark.sampling
def test_scale_command_writes_the_study_and_reports_a_missing_gpu_as_not_measured(tmp_path):
    from harness.cli.main import main

    args = ["scale", "-p", "streamrec_events-hierarchical_logit", "-m", "numpyro.nuts", "--sizes", "1e3,2e3",
            "--seeds", "2", "--draws", "50", "--tune", "50", "--chains", "1", "--fit-from", "1000",
            "--device", "cpu,gpu", "--out", str(tmp_path / "runs"), "--studies-dir", str(tmp_path / "out")]
    assert main(args) == 0
    stem = tmp_path / "out" / "scaling_streamrec_events-hierarchical_logit"
    table = pd.read_csv(stem.with_suffix(".csv"))
    assert len(table) == 4 and (table["status"] == "ok").all()
    assert sorted(set(table["observations"])) == [1000, 2000] and set(table["series"]) == {"numpyro.nuts"}
    assert (table["peak_rss_mb"] > 0).all() and (table["seconds_per_grad"] > 0).all()
    text = stem.with_suffix(".md").read_text()
    assert "not measured: no GPU" in text and "Log-log slopes" in text
    assert stem.with_suffix(".png").stat().st_size > 0
    # the report rebuilds from the stored records alone
    assert main(args + ["--report-only"]) == 0


def test_scale_refuses_a_fixed_size_posterior_in_one_line(capsys):
    from harness.cli.main import main

    assert main(["scale", "-p", "eight_schools-noncentered"]) == 2
    assert "fixed dataset" in capsys.readouterr().err


def test_redo_shared_sets_aside_only_the_runs_that_shared_the_host(tmp_path):
    from harness.execution.set_aside import set_aside_shared
    from harness.records.store import read_records, write_record

    alone = RunRecord("p", "m", RunConfig(seed=0).to_dict(), extra={"host_concurrent_runs": 0})
    shared = RunRecord("p", "m", RunConfig(seed=1).to_dict(), extra={"host_concurrent_runs": 2})
    for record in (alone, shared):
        write_record(record, tmp_path)
    assert set_aside_shared(tmp_path) == 1
    assert [r.run_id for r in read_records(tmp_path)] == [alone.run_id]
    assert [r.run_id for r in read_records(tmp_path / "shared")] == [shared.run_id]


def test_redo_shared_sets_aside_packed_runs_too(tmp_path):
    from harness.execution.set_aside import set_aside_shared
    from harness.records.store import pack, read_records, write_record

    alone = RunRecord("p", "m", RunConfig(seed=0).to_dict(), extra={"host_concurrent_runs": 0})
    shared = RunRecord("p", "m", RunConfig(seed=1).to_dict(), extra={"host_concurrent_runs": 2})
    for record in (alone, shared):
        write_record(record, tmp_path)
    pack(tmp_path)
    assert not list(tmp_path.glob("*.json"))
    assert set_aside_shared(tmp_path) == 1
    assert [r.run_id for r in read_records(tmp_path)] == [alone.run_id]
    assert [r.run_id for r in read_records(tmp_path / "shared")] == [shared.run_id]


def test_the_report_names_a_method_whose_chains_ran_fewer_at_a_time():
    from harness.report.scaling import chains_note

    frame = pd.DataFrame({"method": ["numpyro.nuts", "numpyro.nuts", "pymc.default", "pymc.nutpie"],
                          "chains_at_once": [2.0, 2.0, 1.0, 2.0]})
    note = " ".join(chains_note(frame))
    assert "pymc.default ran 1 at a time" in note and "numpyro.nuts ran" not in note
    assert chains_note(frame.assign(chains_at_once=2.0)) == []
    assert chains_note(frame.drop(columns="chains_at_once")) == []


def test_a_report_rebuilt_without_a_gpu_keeps_the_gpu_series_its_records_hold():
    from harness.cli.scale import _machine_line, _series_from_records

    machine = {"cpu": "Xeon", "cores": 16, "memory_gb": 125.0, "gpus": ["NVIDIA H100 80GB HBM3"]}
    records = [RunRecord("p", "numpyro.nuts", RunConfig(device=device).to_dict(), machine=machine)
               for device in ("cpu", "gpu")]
    series, note = _series_from_records(["numpyro.nuts", "pymc.nutpie"], ["cpu", "gpu"], records)
    assert [s.label for s in series] == ["numpyro.nuts", "numpyro.nuts (gpu)"]
    assert note == "measured on NVIDIA H100 80GB HBM3"
    _, note = _series_from_records(["numpyro.nuts"], ["cpu", "gpu"], records[:1])
    assert note.startswith("not measured")
    assert _machine_line(records) == "Xeon, 16 cores, 125 GiB"
    records[1].machine = {**machine, "platform": "Linux-6.18-fc-v669"}
    assert _machine_line(records) == "Xeon, 16 cores, 125 GiB; Xeon, 16 cores, 125 GiB (Linux-6.18-fc-v669)"


def test_a_page_whose_runs_come_from_two_virtual_machines_says_so():
    from harness.report.scaling import scaling_markdown

    frame = synthetic_frame({"m": (1e-3, 1.0)}, [1000, 10_000], seeds=2).assign(ess_per_sec=100.0)
    one = scaling_markdown("p", frame.assign(platform="vm-a"), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
                           "twinbench scale", None, 1000, "here")
    two = scaling_markdown("p", frame.assign(platform=["vm-a", "vm-b"] * 2), pd.DataFrame(), pd.DataFrame(),
                           pd.DataFrame(), "twinbench scale", None, 1000, "here")
    assert "Several machines" not in one and "2 virtual machines (vm-a, vm-b" in two


def test_the_published_table_sets_gpu_over_its_own_cpu_beside_the_blog():
    from harness.report.scaling import PUBLISHED, published_table

    n = PUBLISHED["matches"]
    frame = pd.DataFrame({"series": ["numpyro.nuts", "numpyro.nuts (gpu)", "numpyro.nuts"],
                          "observations": [n, n, 1000], "status": ["ok"] * 3, "ess_per_sec": [10.0, 40.0, 99.0]})
    table = published_table(frame).set_index("comparison")["twinbench"]
    assert table["GPU (numpyro.nuts (gpu)) / JAX CPU (numpyro.nuts)"] == "4.00"
    assert table["JAX CPU (numpyro.nuts) / pymc.default"] == "not measured"
    cpu_only = published_table(frame[frame["series"] == "numpyro.nuts"]).set_index("comparison")["twinbench"]
    assert cpu_only["GPU (numpyro.nuts (gpu)) / pymc.default"] == "not measured: no GPU"


def test_a_cell_with_a_run_that_did_not_mix_is_marked_in_the_tables():
    from harness.report.scaling import _unmixed_cells
    from harness.compare.scaling import size_medians

    frame = synthetic_frame({"a": (1.0, 1.0), "b": (2.0, 1.0)}, [1e3, 1e4], seeds=2)
    frame["rhat_max"], frame["divergences"] = 1.001, 0
    frame.loc[(frame["series"] == "b") & (frame["observations"] == 1e4) & (frame["seed"] == 1), "rhat_max"] = 1.03
    frame.loc[(frame["series"] == "a") & (frame["observations"] == 1e3) & (frame["seed"] == 0), "divergences"] = 2
    marks = _unmixed_cells(frame, size_medians(frame, "time_to_1000_ess"))
    assert marks.loc[1e4, "b"] == "*" and marks.loc[1e3, "a"] == "*"
    assert marks.loc[1e3, "b"] == "" and marks.loc[1e4, "a"] == ""
    unknown = _unmixed_cells(frame.drop(columns=["rhat_max", "divergences"]), size_medians(frame, "time_to_1000_ess"))
    assert (unknown == "*").all().all()  # no R-hat: nothing shows the runs mixed (the comparison layer's rule)
