"""The comparison layer on synthetic records: intervals, censoring, the unmixed rule and verdicts."""
import math
import re
import zlib

import numpy as np
import pandas as pd
import pytest

from harness.compare.cells import (cell_table, chains_side_by_side, differs, median_interval, ratio_interval,
                             seconds_per_gradient, verdicts)
from harness.records.schema import RunRecord
from harness.report.comparison import comparison_text


def make(method, seed, ess_per_sec, posterior="p", rhat=1.001, divergences=0, status="ok", chain_method=None):
    sampling = 1000.0 / ess_per_sec if ess_per_sec else None
    return RunRecord(posterior=posterior, method=method, status=status,
                     config={"draws": 1000, "chains": 4, "seed": seed, "timeout": 300.0},
                     timings={"compile": 2.0, "warmup": 1.0, "sampling": sampling or 0.0, "total": 300.0},
                     ess_bulk_min=1000.0, ess_per_sec=ess_per_sec, ess_per_grad=0.1, grad_evals_sampling=40000,
                     divergences=divergences, rhat_max=rhat, machine={"cores": 2},
                     extra={"chain_method": chain_method} if chain_method else {})


def noisy(method, centre, seeds, spread=0.05, **kwargs):
    rng = np.random.default_rng(zlib.crc32(method.encode()))  # str hash() changes per process
    return [make(method, s, centre * (1 + spread * rng.standard_normal()), **kwargs) for s in seeds]


def test_median_interval_brackets_the_median():
    median, low, high = median_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    assert median == 3.0 and low <= median <= high and low >= 1.0 and high <= 5.0
    assert math.isnan(median_interval([2.0])[1])


def test_ratio_interval_of_clearly_different_samples_excludes_one():
    ratio, low, high = ratio_interval([10.0, 10.5, 9.8, 10.2, 9.9], [5.0, 5.1, 4.9, 5.2, 5.0])
    assert ratio == pytest.approx(2.0, rel=0.05) and low > 1.1 and high < 2.2


def test_band_rule():
    assert differs(1.2, 1.5) and differs(0.5, 0.85)
    assert not differs(0.95, 1.3) and not differs(0.8, 1.05) and not differs(math.nan, math.nan)
    assert differs(1.06, 1.08, factor=1.05) and not differs(1.06, 1.08)


def test_twice_as_fast_is_a_verdict_and_same_speed_is_a_tie():
    records = noisy("fast", 2000, range(5)) + noisy("slow", 1000, range(5)) + noisy("twin", 2000, range(5, 10))
    table = verdicts(records).set_index("method")
    assert table.loc["fast", "verdict"] in ("fastest", "tie") and table.loc["slow", "verdict"] == "slower"
    assert {table.loc["fast", "verdict"], table.loc["twin", "verdict"]} <= {"fastest", "tie"}
    text = comparison_text(records)
    ratio = float(re.search(r"slow slower \(([0-9.]+)x slower", text).group(1))
    assert "fastest" in text and 1.8 < ratio < 2.25  # 2x, give or take the 5% noise of each side


def test_an_unmixed_method_does_not_win():
    records = noisy("diverges", 5000, range(5), divergences=12) + noisy("clean", 1000, range(5))
    table = verdicts(records).set_index("method")
    assert table.loc["clean", "verdict"] == "fastest" and table.loc["diverges", "verdict"] == "unmixed"


def test_the_mixing_rule_reads_one_run_or_a_table_of_runs_alike():
    from harness.compare.cells import mixed, mixed_runs

    runs = [{"censored": False, "rhat_max": 1.002, "divergences": 0},
            {"censored": False, "rhat_max": 1.02, "divergences": 0},
            {"censored": False, "rhat_max": 1.002, "divergences": 3},
            {"censored": True, "rhat_max": 1.002, "divergences": 0},
            {"censored": False, "rhat_max": None, "divergences": 0}]  # no R-hat: nothing shows it mixed
    assert mixed_runs(pd.DataFrame(runs)).tolist() == [True, False, False, False, False]
    assert [mixed(run) for run in runs] == [True, False, False, False, False]


def test_a_timeout_is_censored_not_dropped():
    records = noisy("m", 1000, range(3)) + [make("m", s, None, status="timeout") for s in range(3, 6)]
    cell = cell_table(records).iloc[0]
    assert cell["seeds"] == 6 and cell["censored"] == 3
    assert cell["ess_per_sec"] < 1000  # three zeros pull the median down
    censored_only = cell_table([make("m", s, None, status="timeout") for s in range(3)]).iloc[0]
    assert math.isinf(censored_only["time_to_1000_ess"])
    assert ">300s" in comparison_text([make("m", s, None, status="timeout") for s in range(3)])


def test_failed_and_unsupported_runs_are_not_cells():
    assert cell_table([make("m", 0, None, status="failed: boom"), make("m", 1, None, status="unsupported: x")]).empty


def test_seconds_per_gradient_counts_chains_that_ran_side_by_side():
    parallel = make("m", 0, 1000)  # 4 chains on 2 cores: 2 at a time
    assert chains_side_by_side(parallel) == 2
    assert seconds_per_gradient(parallel) == pytest.approx(1.0 / (40000 / 2))
    assert chains_side_by_side(make("m", 0, 1000, chain_method="vectorized")) == 4
    assert chains_side_by_side(make("m", 0, 1000, chain_method="sequential")) == 1
    given_one = make("pymc.nutpie", 0, 1000)
    given_one.extra["cores"] = 1  # the sampler was given one core: its chains ran one after another
    assert chains_side_by_side(given_one) == 1
    # pm.sample(cores=None) on PyMC 6 takes cpu_count() // 2: one core on a 2-core machine, two on four
    old_default = make("pymc.default", 0, 1000)
    old_default.versions = {"pymc": "6.4.0"}
    assert chains_side_by_side(old_default) == 1
    old_default.machine = {"cores": 4}
    assert chains_side_by_side(old_default) == 2


def test_pymc_default_records_the_cores_pm_sample_chose():
    from harness.records.config import RunConfig
    from harness.methods.pymc_default import pymc_cores
    from pymc.sampling.parallel import _cpu_count

    config = RunConfig(chains=4)
    assert pymc_cores({"cores": 3}, config) == 3 and pymc_cores({"cores": 8}, config) == 4
    assert pymc_cores({}, config) == max(1, min(4, _cpu_count()))


def test_aa_study_ties_a_method_with_itself_and_detects_a_planted_slowdown():
    from harness.studies.aa_test import aa_study

    records = []
    for posterior in ("p1", "p2", "p3"):
        records += noisy("m", 1000, range(10), posterior=posterior)
    verdict_rows, summary = aa_study(records, set(range(5)), set(range(5, 10)))
    assert len(verdict_rows) == 3 and summary.loc[0, "posteriors"] == 3
    assert summary.loc[0, "tie rate"] == 1.0
    assert summary.loc[0, "detects 3.0x"] == 1.0 and summary.loc[0, "smallest reliably detected"] <= 1.5


def test_leaderboard_report_marks_unrun_cells_missing(tmp_path, capsys):
    from harness.cli.main import main
    from harness.records.store import write_record

    runs = tmp_path / "runs"
    for record in noisy("numpyro.nuts", 2000, range(5), posterior="eight_schools-noncentered") + \
            noisy("pymc.default", 1000, range(5), posterior="eight_schools-noncentered"):
        record.config.update({"tune": 1000, "target_accept": 0.8, "device": "cpu", "size": None, "options": {},
                              "batch_size": None, "chain_method": None, "vi_steps": 20000})
        record.machine["platform"] = "vm-b" if record.method == "pymc.default" else "vm-a"
        write_record(record, runs)
    for record in noisy("numpyro.nuts", 2000, range(5, 10), posterior="eight_schools-noncentered"):  # A/A set B
        record.config.update({"tune": 1000, "target_accept": 0.8, "device": "cpu", "size": None, "options": {},
                              "batch_size": None, "chain_method": None, "vi_steps": 20000})
        write_record(record, runs)
    studies = tmp_path / "studies"
    assert main(["leaderboard", "--report-only", "--out", str(runs), "--studies-dir", str(studies),
                 "-p", "eight_schools-noncentered,linreg_sim-linear_regression",
                 "-m", "numpyro.nuts,pymc.default"]) == 0
    out = capsys.readouterr().out
    assert "10 of 20 runs recorded" in out and "2 have none (shown as missing)" in out
    table = (studies / "leaderboard.md").read_text()
    assert table.count("missing") >= 2 and "slower" in table
    assert "2 virtual machines (vm-a, vm-b" in table  # numpyro.nuts's runs on one machine, pymc.default's on another
    assert "span machines (1; their ratios compare machines too, rerun them on one): eight_schools-noncentered" in table
    assert (studies / "leaderboard.png").stat().st_size > 0 and (studies / "leaderboard_posteriors.png").exists()
    aa = (studies / "aa_test.md").read_text()  # the sweep's A/A seeds judged too: numpyro.nuts has both sets
    assert "| numpyro.nuts |" in aa and "pymc.default |" not in aa.split("## Per posterior")[0]


def test_leaderboard_schedule_runs_the_aa_seed_sets_interleaved_round_by_round():
    from harness.cli.leaderboard import interleaved_schedule, second_seed_set
    from harness.records.config import RunConfig
    from harness.execution.process import RunSpec

    specs = [RunSpec(p, m, RunConfig(seed=s)) for p in ("p1", "p2") for s in range(2) for m in ("a", "b", "c")]
    extra = second_seed_set(specs, {"b"}, 2)
    assert sorted(s.config.seed for s in extra) == [2, 2, 3, 3]
    order = [(s.posterior, s.method, s.config.seed) for s in interleaved_schedule(specs + extra, 0, 2)]
    assert order[:8] == [("p1", "a", 0), ("p1", "b", 0), ("p1", "c", 0), ("p1", "b", 2),
                         ("p1", "a", 1), ("p1", "b", 1), ("p1", "c", 1), ("p1", "b", 3)]
    assert len(order) == 16 and {o[0] for o in order[8:]} == {"p2"}


def test_limit_summary_judges_large_posteriors_and_reports_small_ones_overhead():
    from harness.studies.leaderboard import cells_with_missing, limit_summary, observation_count

    assert observation_count({"y": np.zeros(12), "X": np.zeros((30, 3)), "n": 5}) == 30
    # seconds per step of one chain: 1/(40000/2) = 50 us for ESS/s 1000; floors 40 us (big) and 10 us (small)
    records = noisy("fast", 1000, range(3), spread=0, posterior="big") + \
        noisy("fast", 1000, range(3), spread=0, posterior="small")
    cells = cells_with_missing(records, ["big", "small", "unrun"], ["fast"],
                               floors={("big", None): 40e-6, ("small", None): 10e-6})
    row = limit_summary(cells, {"big": 20_000, "small": 8, "unrun": 50_000}).iloc[0]
    assert row["posteriors >= 10000 obs"] == 1 and row["limit ratio (worst)"] == pytest.approx(1.25)
    assert row["<= 1.5"] == "yes" and row["step overhead us (median)"] == pytest.approx(40.0)


def test_suites_name_their_runs():
    from harness import methods
    from harness.execution import suites

    assert suites.get("quick").method_names() == ["pymc.default", "pymc.nuts", "numpyro.nuts"]
    standard = suites.get("standard")
    assert standard.seeds == 5 and set(standard.method_names()) == set(methods.family("nuts"))
    assert len(standard.posterior_names()) == 31
    assert set(suites.get("full").method_names()) == set(methods.names())


def test_release_timeline_reads_pins_and_series_from_environment_names():
    from harness.studies.release_timeline import RESOLVED, releases_of, timeline_frame

    assert releases_of("virtualenv-py3.13-jax0.10.2-jaxlib0.10.2-numpyro0.22.0-pymc6.4.0") == \
        {"jax": "0.10.2", "jaxlib": "0.10.2", "numpyro": "0.22.0", "pymc": "6.4.0"}
    assert releases_of("virtualenv-py3.13-uv") == {}
    envs = {"virtualenv-py3.13-numpyro0.22.0-pymc6.10.0": 3.0, "virtualenv-py3.13-numpyro0.22.0-pymc6.9.0": 2.0,
            "virtualenv-py3.13-numpyro0.21.0-pymc6.10.0": 1.0, "virtualenv-py3.13-uv": 9.0,
            "virtualenv-py3.13-numpyro0.21.0-pymc6.9.0": 7.0,  # two pins off the newest: in no series
            "virtualenv-py3.13-jax0.11.2-jaxlib0.11.2-numpyro0.22.0-pymc6.10.0": 4.0,  # an extra library's pin
            "virtualenv-py3.13-jax0.11.2-jaxlib0.11.2-numpyro0.21.0-pymc6.10.0": 6.0}  # extra pin and one off
    frame = pd.DataFrame([{"env_name": env, "commit": "b" * 40, "date": 2, "params": ("p", "m"), "value": value,
                           "benchmark": "bench_nuts.NutsSpeed.track_ess_per_sec"} for env, value in envs.items()])
    older = frame.iloc[[0]].assign(commit="a" * 40, date=1, value=5.0)  # an older commit's result: not shown
    timeline = timeline_frame(pd.concat([older, frame]))
    pymc = timeline[timeline["series"] == "pymc"]
    assert list(pymc["version"]) == ["6.9.0", "6.10.0"] and list(pymc["value"]) == [2.0, 3.0]
    assert list(timeline[timeline["series"] == "numpyro"]["version"]) == ["0.21.0", "0.22.0"]
    jax = timeline[timeline["series"] == "jax"]  # the base environment ends it, at pip's resolution
    assert list(jax["version"]) == ["0.11.2", RESOLVED] and list(jax["value"]) == [4.0, 3.0]
    assert not {5.0, 6.0, 7.0, 9.0} & set(timeline["value"]) and set(timeline["commit"]) == {"b" * 8}


def test_a_run_repeated_in_the_records_folder_counts_once_as_its_latest_repeat(tmp_path):
    from harness.records.config import RunConfig
    from harness.execution.process import RunSpec
    from harness.records.store import write_record
    from harness.execution.sweep import settled_records

    specs = [RunSpec("p", "m", RunConfig(seed=seed)) for seed in (0, 1, 2)]
    # written in this order; the latest repeat by start time (not by file) is seed 0's 200
    for hour, seed, status, ess in [(5, 0, "ok", 200.0), (1, 0, "ok", 100.0), (2, 1, "timeout", None),
                                    (3, 2, "failed: boom", None)]:
        record = make("m", seed, ess, status=status)
        record.config = RunConfig(seed=seed).to_dict()
        record.started_at = f"2026-11-26T0{hour}:00:00+0000"
        write_record(record, tmp_path)
    settled = settled_records(specs, tmp_path, log=lambda line: None)
    assert [(r.config["seed"], r.status, r.ess_per_sec) for r in settled] == [(0, "ok", 200.0), (1, "timeout", None)]


def timed(method, seed, ess_per_sec, compile_seconds, caches="cold", posterior="p"):
    """A time-to-result run: 1 s startup, ``compile_seconds``, 1 s warm-up, then 1,000 ESS at ``ess_per_sec``."""
    record = make(method, seed, ess_per_sec, posterior=posterior)
    record.timings["compile"] = compile_seconds
    record.config["caches"] = caches
    record.extra["startup_seconds"] = 1.0
    return record


def test_time_verdicts_let_the_shortest_time_win_and_say_slower_below_one():
    records = [timed("quick_start", s, 1000 * (1 + 0.01 * s), 2.0) for s in range(5)] + \
        [timed("slow_start", s, 1000 * (1 + 0.01 * s), 8.0) for s in range(5)]
    table = verdicts(records, metric="time_to_result").set_index("method")
    assert table.loc["quick_start", "verdict"] == "fastest" and table.loc["slow_start", "verdict"] == "slower"
    # times 5 s vs 11 s: the slow one's speed relative to the fastest is 5/11
    assert table.loc["slow_start", "ratio"] == pytest.approx(5 / 11, rel=0.02) and table.loc["slow_start", "ratio_hi"] < 1
    assert verdicts(records).set_index("method").loc["slow_start", "verdict"] == "tie"  # same ESS/s


def test_leaderboard_frames_give_three_verdicts_and_the_crossover_draws():
    from harness.studies.leaderboard import crossover_draws, leaderboard_frames

    # T: 10,000 ESS/s after 12 s (startup 1 + compile 10 + warm-up 1); C: 1,000 ESS/s after 4 s.
    # To 1,000 ESS C takes 5 s and T 12.1 s; T catches up at N = (12 - 4) / (1e-3 - 1e-4) = 8,889 draws.
    rng = np.random.default_rng(1)
    runs = {"T": (10_000, 10.0), "C": (1_000, 2.0)}
    throughput = [make(m, s, rate * (1 + 0.02 * rng.standard_normal())) for m, (rate, _) in runs.items()
                  for s in range(5)]
    cold = [timed(m, s, rate * (1 + 0.02 * rng.standard_normal()), compile_seconds + 0.1 * rng.standard_normal())
            for m, (rate, compile_seconds) in runs.items() for s in range(5)]
    warm = [timed(m, s, rate, 0.5 if m == "T" else 1.0, caches="warm") for m, (rate, _) in runs.items()
            for s in range(5)]
    cells, verdict_frame, summary = leaderboard_frames(throughput, ["p", "unrun"], ["C", "T"], timed={
        "cold": cold, "warm": warm})
    row = verdict_frame.set_index("method").loc["T"]
    assert (row["verdict"], row["verdict_cold"], row["verdict_warm"]) == ("fastest", "slower", "fastest")
    measured = cells[cells["posterior"] == "p"].set_index("method")
    assert measured.loc["C", "time_to_result_cold"] == pytest.approx(5.0, rel=0.05)
    assert measured.loc["T", "time_to_result_warm"] == pytest.approx(2.6, rel=0.01) and measured.loc["T", "seeds_warm"] == 5
    assert np.isnan(cells.set_index(["posterior", "method"]).loc[("unrun", "T"), "time_to_result_cold"])
    methods = summary.set_index("method")
    assert methods.loc["T", "throughput x pymc.default"] != methods.loc["T", "throughput x pymc.default"]  # no baseline
    assert (methods.loc["T", "throughput wins"], methods.loc["T", "cold wins"], methods.loc["T", "warm wins"]) == (1, 0, 1)
    assert methods.loc["T", "cold - warm s (median)"] == pytest.approx(12.1 - 2.6, rel=0.05)
    crossing = crossover_draws(cold, verdict_frame).iloc[0]
    assert (crossing["throughput winner"], crossing["cold winner"]) == ("T", "C")
    assert crossing["draws"] == pytest.approx(8889, rel=0.1) and crossing["draws_lo"] < crossing["draws"] < crossing["draws_hi"]
    assert crossing["reading"].startswith("C below ~")


def test_leaderboard_summary_compares_times_to_the_baseline_as_speed():
    from harness.studies.leaderboard import leaderboard_frames

    throughput = [make(m, s, 1000.0 * (1 + 0.01 * s)) for m in ("pymc.default", "fast") for s in range(3)]
    cold = [timed(m, s, 1000.0, 2.0 if m == "fast" else 8.0, posterior=p) for p in ("p", "q")
            for m in ("pymc.default", "fast") for s in range(3)]
    throughput += [make(m, s, 1000.0 * (1 + 0.01 * s), posterior="q") for m in ("pymc.default", "fast") for s in range(3)]
    _, _, summary = leaderboard_frames(throughput, ["p", "q"], ["pymc.default", "fast"], timed={"cold": cold})
    row = summary.set_index("method").loc["fast"]
    assert row["cold x pymc.default"] == pytest.approx(11 / 5) and row["cold posteriors"] == 2
    assert row["warm posteriors"] == 0 and row["cold wins"] == 2


def test_leaderboard_command_prints_and_writes_the_three_verdicts(tmp_path, capsys):
    from harness.cli.main import main
    from harness.records.store import write_record

    settings = {"tune": 1000, "target_accept": 0.8, "device": "cpu", "size": None, "options": {}, "batch_size": None,
                "chain_method": None, "vi_steps": 20000}
    posterior = "eight_schools-noncentered"
    runs, time_to_result = tmp_path / "runs", tmp_path / "time_to_result"
    for method, rate, compile_seconds in (("numpyro.nuts", 4000, 9.0), ("pymc.default", 1000, 2.0)):
        for record in noisy(method, rate, range(3), posterior=posterior):
            record.config.update(settings)
            write_record(record, runs)
        for seed in range(3):
            record = timed(method, seed, rate * (1 + 0.01 * seed), compile_seconds + 0.05 * seed, posterior=posterior)
            record.config.update(settings)
            write_record(record, time_to_result / "cold")
    studies = tmp_path / "studies"
    assert main(["leaderboard", "--report-only", "--out", str(runs), "--studies-dir", str(studies), "--seeds", "3",
                 "--aa-methods", "none", "--time-to-result", str(time_to_result), "-p", posterior,
                 "-m", "numpyro.nuts,pymc.default"]) == 0
    out = capsys.readouterr().out
    assert (f"{posterior}: throughput: numpyro.nuts; cold: pymc.default; warm: not measured; "
            "draws: pymc.default below ~") in out
    table = pd.read_csv(studies / "leaderboard.csv").set_index("method")
    assert {"time_to_result_cold", "time_to_result_cold_lo", "time_to_result_cold_hi", "verdict_cold",
            "time_to_result_warm", "verdict_warm"} <= set(table.columns)
    assert table.loc["pymc.default", "verdict_cold"] == "fastest" and table.loc["numpyro.nuts", "verdict"] == "fastest"
    assert table["time_to_result_warm"].isna().all()
    page = (studies / "leaderboard.md").read_text()
    assert "## Where the winner changes with the draws wanted" in page and "cold x pymc.default" in page
    crossover = pd.read_csv(studies / "leaderboard_crossover.csv")
    # numpyro.nuts: fixed 11 s, 1/4000 s per draw; pymc.default: fixed 4 s, 1/1000: N = 7 / 0.00075 = 9,333
    assert crossover.loc[0, "draws"] == pytest.approx(9333, rel=0.05)


def test_posteriordb_leaderboard_has_its_own_files_and_no_aa_seeds(tmp_path, capsys):
    from harness.cli.main import main
    from harness.records.store import write_record

    posterior = "eight_schools-eight_schools_noncentered"
    runs = tmp_path / "runs"
    for record in noisy("numpyro.nuts", 2000, range(3), posterior=posterior) + \
            noisy("pymc.default", 1000, range(3), posterior=posterior):
        record.config.update({"tune": 1000, "target_accept": 0.8, "device": "cpu", "size": None, "options": {},
                              "batch_size": None, "chain_method": None, "vi_steps": 20000, "timeout": 900.0})
        write_record(record, runs)
    studies = tmp_path / "studies"
    assert main(["leaderboard", "--suite", "posteriordb", "--report-only", "--out", str(runs), "--seeds", "3",
                 "--studies-dir", str(studies), "-m", "numpyro.nuts,pymc.default"]) == 0
    page = (studies / "leaderboard_posteriordb.md").read_text()
    assert page.startswith("# Leaderboard: posteriordb") and not (studies / "aa_test.md").exists()
    assert "6 of " in capsys.readouterr().out and (studies / "leaderboard_posteriordb.png").exists()
    suites = pd.read_csv(studies / "leaderboard_suites.csv")  # the cross-suite summary: this suite only so far
    assert set(suites["suite"]) == {"posteriordb"} and (studies / "leaderboard_suites.md").exists()


def test_suites_summary_reads_each_suite_both_together_and_sets_published_numbers_beside_them(tmp_path):
    from harness.report.leaderboard import write_suites

    def suite_cells(posteriors, numpyro_speedup):
        rows = []
        for i, posterior in enumerate(posteriors):
            for method, rate in (("pymc.default", 100.0), ("numpyro.nuts", 100.0 * numpyro_speedup * (1 + 0.1 * i)),
                                 ("pymc.nutpie", 50.0), ("pymc.nutpie_lowrank", 150.0)):
                rows.append({"posterior": posterior, "method": method, "status": "measured", "ess_per_sec": rate,
                             "ess_per_grad": rate / 100, "time_to_result_cold": 1000 / rate})
        return pd.DataFrame(rows)

    assert write_suites(tmp_path) == ([], "")
    suite_cells(["a", "b", "c"], 2.0).to_csv(tmp_path / "leaderboard.csv", index=False)
    suite_cells(["diamonds-diamonds", "e", "f"], 0.5).to_csv(tmp_path / "leaderboard_posteriordb.csv", index=False)
    paths, _ = write_suites(tmp_path)
    summary = pd.read_csv(paths[0]).set_index(["method", "suite"])
    numpyro = summary.loc["numpyro.nuts"]
    spread = np.exp(np.log([1.0, 1.1, 1.2]).mean())
    assert numpyro.loc["exercise", "throughput x pymc.default"] == pytest.approx(2 * spread)
    assert numpyro.loc["posteriordb", "throughput x pymc.default"] == pytest.approx(0.5 * spread)
    assert numpyro.loc["both", "throughput x pymc.default"] == pytest.approx(spread)
    assert numpyro.loc["both", "throughput posteriors"] == 6 and numpyro.loc["both", "cold x pymc.default"] == pytest.approx(spread)
    assert numpyro.loc["exercise", "throughput lo"] < 2 * spread < numpyro.loc["exercise", "throughput hi"]
    page = paths[1].read_text()
    assert "## Published numbers" in page and "nutpie paper" in page
    from harness.studies.published import published_vs_measured

    published = published_vs_measured(pd.read_csv(tmp_path / "leaderboard_posteriordb.csv")).set_index("claim")
    assert published.iloc[0]["measured"] == pytest.approx(3.0) and published.iloc[0]["posteriors"] == 3
    assert published.loc["PyMC + nutpie over Stan on diamonds", "measured"] == pytest.approx(2.0)
    assert np.isnan(published.loc["PyMC + nutpie over Stan on arma11", "measured"])
