"""Real runs in worker processes: complete records, failures and timeouts recorded, sweeps go on."""
import pytest

from harness.records.config import RunConfig
from harness.execution.process import RunSpec, execute
from harness.records.store import read_records
from harness.execution.sweep import grid, run_sweep

SMALL = RunConfig(draws=200, tune=200, chains=2, seed=1, timeout=600)
REQUIRED_NUMBERS = ("ess_bulk_min", "ess_tail_min", "ess_per_sec", "ess_per_sec_total", "grad_evals",
                    "grad_evals_warmup", "grad_evals_sampling", "ess_per_grad", "divergences", "rhat_max",
                    "step_size", "peak_rss_mb")


def test_failure_and_timeout_are_recorded_and_the_sweep_goes_on(runs_dir):
    bad = RunSpec("eight_schools-noncentered", "numpyro.nuts", RunConfig(draws=10, tune=10, chains=1, options={"bogus": 1}))
    slow = RunSpec("eight_schools-noncentered", "pymc.nuts", RunConfig(draws=10, tune=10, chains=1, timeout=0.5))
    good = RunSpec("linreg_sim-linear_regression", "numpyro.nuts", RunConfig(draws=50, tune=50, chains=1))
    records = run_sweep([bad, slow, good], runs_dir, log=lambda line: None)
    assert records[0].status.startswith("failed: ValueError") and "bogus" in records[0].status
    assert "traceback" in records[0].extra
    assert records[1].status == "timeout"
    assert records[2].ok
    assert len(read_records(runs_dir)) == 3


def test_resume_skips_finished_runs(runs_dir):
    spec = RunSpec("linreg_sim-linear_regression", "numpyro.nuts", RunConfig(draws=50, tune=50, chains=1))
    first = run_sweep([spec], runs_dir, log=lambda line: None)
    lines = []
    again = run_sweep([spec], runs_dir, resume=True, log=lines.append)
    assert again[0].run_id == first[0].run_id
    assert "skipped" in lines[0]
    longer = RunSpec(spec.posterior, spec.method, RunConfig(draws=50, tune=50, chains=1, timeout=10_000))
    assert run_sweep([longer], runs_dir, resume=True, log=lambda line: None)[0].run_id == first[0].run_id
    other_seed = RunSpec(spec.posterior, spec.method, RunConfig(draws=50, tune=50, chains=1, seed=1))
    assert run_sweep([other_seed], runs_dir, resume=True, log=lambda line: None)[0].run_id != first[0].run_id


@pytest.mark.sampling
@pytest.mark.parametrize("method", ["pymc.nuts", "numpyro.nuts"])
def test_nuts_method_produces_a_complete_record(runs_dir, method):
    record = execute(RunSpec("eight_schools-noncentered", method, SMALL), runs_dir)
    assert record.ok, record.status
    for name in REQUIRED_NUMBERS:
        assert getattr(record, name) is not None, name
    assert set(record.timings) == {"compile", "warmup", "sampling", "total"}
    assert all(v >= 0 for v in record.timings.values())
    assert record.timings["warmup"] + record.timings["sampling"] + record.timings["compile"] <= record.timings["total"] * 1.05
    assert record.grad_evals == record.grad_evals_warmup + record.grad_evals_sampling > 0
    assert set(record.ess_bulk) == {"mu", "tau"} | {f"theta[{i}]" for i in range(8)}
    assert record.versions["pymc"] and record.versions["numpyro"] and record.machine["cores"]
    assert record.machine["pytensor_blas_found"] is not None if method == "pymc.nuts" else True
    assert record.config["draws"] == 200 and record.config["seed"] == 1
    # which compilation caches the run had and whether it hit them (harness/records/caches.py)
    assert set(record.extra["caches"]) == {"pytensor", "numba", "jax"}
    assert all({"dir", "on", "entries_before", "entries_added", "hit"} <= set(use) for use in record.extra["caches"].values())
    # the posterior is right in broad strokes: mu near 4.4, tau positive
    assert 0 < record.summary["mu"]["mean"] < 9 and record.summary["tau"]["mean"] > 0


@pytest.mark.sampling
def test_centered_eight_schools_diverges_and_noncentered_does_not(runs_dir):
    config = RunConfig(draws=500, tune=500, chains=4, seed=0)
    centered, noncentered = run_sweep(
        grid(["eight_schools-centered", "eight_schools-noncentered"], ["numpyro.nuts"], config), runs_dir,
        log=lambda line: None)
    assert centered.divergences >= 20
    assert noncentered.divergences <= 0.005 * 2000


def test_a_killed_worker_is_reported_with_its_signal(tmp_path):
    from harness.execution.process import _failure_reason

    log = tmp_path / "run.log"
    log.write_text("Compiling...\nValueError: bad shape\n")
    assert "SIGKILL" in _failure_reason(log, -9) and "out of memory" in _failure_reason(log, -9)
    assert _failure_reason(log, -15) == "worker killed by SIGTERM"
    assert _failure_reason(log, 1) == "ValueError: bad shape"
    log.write_text("")
    assert _failure_reason(log, 0) == "worker exited without a record"


def test_resume_keeps_a_timeout_at_the_same_limit_and_retries_with_a_longer_one(runs_dir):
    short = RunSpec("eight_schools-noncentered", "pymc.nuts", RunConfig(draws=10, tune=10, chains=1, timeout=0.5))
    first = run_sweep([short], runs_dir, log=lambda line: None)[0]
    assert first.status == "timeout"
    lines = []
    again = run_sweep([short], runs_dir, resume=True, log=lines.append)[0]
    assert again.run_id == first.run_id and "timed out at this limit" in lines[0]
    longer = RunSpec(short.posterior, short.method, RunConfig(draws=10, tune=10, chains=1, timeout=600))
    retried = run_sweep([longer], runs_dir, resume=True, log=lambda line: None)[0]
    assert retried.run_id != first.run_id and retried.ok
