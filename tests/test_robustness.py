"""Bad seeds, foreign files in a records folder, and a killed sweep: each handled without a traceback or orphan."""
import os
import signal
import subprocess
import sys
import time

import psutil

from harness.cli.main import main
from harness.records.config import RunConfig
from harness.execution.process import RunSpec
from harness.execution.sweep import run_sweep
from helpers import running as _descendants_running

BROKEN = '{"posterior": "x", "method": '


def test_negative_seed_is_a_one_line_error(capsys):
    assert main(["run", "--seed", "-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--seed must be an integer >= 0" in err


def _plant_foreign_files(folder):
    (folder / "broken.json").write_text(BROKEN)
    (folder / "foreign.json").write_text('{"name": "not a run record"}')
    (folder / "list.json").write_text("[1, 2, 3]")


def test_show_skips_broken_and_foreign_json_with_one_warning_each(runs_dir, capsys):
    spec = RunSpec("linreg_sim-linear_regression", "numpyro.nuts", RunConfig(draws=20, tune=20, chains=1))
    run_sweep([spec], runs_dir, log=lambda line: None)
    _plant_foreign_files(runs_dir)
    assert main(["show", "--out", str(runs_dir)]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if "warning: skipped" in line]
    assert sorted(w.split("skipped ")[1].split(":")[0].rsplit("/", 1)[1] for w in warnings) == \
        ["broken.json", "foreign.json", "list.json"]
    assert "Traceback" not in captured.err
    assert "linreg_sim-linear_regression" in captured.out


def test_resume_goes_on_past_a_broken_json(runs_dir):
    spec = RunSpec("linreg_sim-linear_regression", "numpyro.nuts", RunConfig(draws=20, tune=20, chains=1))
    first = run_sweep([spec], runs_dir, log=lambda line: None)
    _plant_foreign_files(runs_dir)
    lines = []
    again = run_sweep([spec], runs_dir, resume=True, log=lines.append)
    assert again[0].run_id == first[0].run_id
    assert sum("warning: skipped" in line for line in lines) == 3


def test_a_worker_does_not_outlive_its_killed_sweep(tmp_path):
    sweep = subprocess.Popen(
        [sys.executable, "-m", "harness.cli.main", "run", "-p", "eight_schools-noncentered", "-m", "pymc.nuts",
         "--draws", "200000", "--tune", "1000", "--chains", "2", "--out", str(tmp_path / "runs")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        workers = []
        while time.time() < deadline and not workers:
            time.sleep(0.5)
            workers = [p for p in psutil.Process(sweep.pid).children(recursive=True)
                       if "harness.execution.worker" in " ".join(p.cmdline())]
        assert workers, "the sweep started no worker"
        time.sleep(3)  # let the worker start its chain processes
        group = [p.pid for p in workers[0].children(recursive=True)] + [workers[0].pid]
        os.kill(sweep.pid, signal.SIGKILL)
        sweep.wait()
        deadline = time.time() + 10
        while time.time() < deadline and _descendants_running(group):
            time.sleep(0.2)
        assert _descendants_running(group) == []
    finally:
        if sweep.poll() is None:
            sweep.kill()
