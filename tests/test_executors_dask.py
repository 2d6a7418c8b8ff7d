"""The Dask executor on a LocalCluster of 2 workers (tiny runs): the local executor's records, a lost worker,
a killed client, corrupt files and GPU placement.

The cluster's timed-run lock is a file of this test module (``TWINBENCH_HOST_LOCK``), so these
tests neither wait for nor block sweeps that others run on the machine.
"""
import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from harness.cli.main import main
from harness.records.config import RunConfig
from harness.execution.process import RunSpec
from harness.execution.executors import get_executor
from harness.records.schema import RunRecord
from harness.records.store import read_records, write_record
from harness.execution.sweep import _resume_key, run_sweep
from helpers import running as _alive

POSTERIOR = "linreg_sim-linear_regression"
TINY = ["--draws", "40", "--tune", "40", "--chains", "1"]
BROKEN = '{"posterior": "x", "method": '


@pytest.fixture(scope="module")
def lock_file(tmp_path_factory):
    """A timed-run lock private to this module, set before any Dask worker process starts."""
    path = tmp_path_factory.mktemp("lock") / "timed-run.lock"
    previous = os.environ.get("TWINBENCH_HOST_LOCK")
    os.environ["TWINBENCH_HOST_LOCK"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("TWINBENCH_HOST_LOCK", None)
    else:
        os.environ["TWINBENCH_HOST_LOCK"] = previous


@pytest.fixture(scope="module")
def cluster(lock_file):
    """An 'existing' cluster: 2 worker processes of one thread, each declaring bench=1, no GPU."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, resources={"bench": 1}, memory_limit=0,
                      dashboard_address=None, silence_logs=logging.ERROR) as local:
        yield local


def _wait_until(condition, seconds, step=0.2):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _identity(record):
    return record.posterior, record.method, repr(sorted(record.config.items())), record.status


def _run_workers():
    """This process's descendants that are twinbench run workers (group leaders running harness.execution.worker)."""
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if "harness.execution.worker" in " ".join(process.cmdline()) and os.getpgid(process.pid) == process.pid:
                found.append(process)
        except (psutil.Error, ProcessLookupError):
            pass
    return found


def _runs_under(parents):
    """(run process, its parent's pid) for each run whose parent is one of ``parents`` (Dask worker pids)."""
    pairs = []
    for run in _run_workers():
        try:
            if run.ppid() in parents:
                pairs.append((run, run.ppid()))
        except psutil.Error:
            pass
    return pairs


def _no_overlap(records):
    spans = sorted((r.extra["dask"]["started"], r.extra["dask"]["started"] + r.extra["dask"]["seconds"])
                   for r in records)
    return all(end <= next_start + 0.05 for (_, end), (next_start, _) in zip(spans, spans[1:]))


def test_a_dask_sweep_gives_the_local_records_and_the_same_draws(cluster, tmp_path, capsys):
    sweep = ["run", "-p", f"{POSTERIOR},mlr_sim-multiple_regression", "-m", "pymc.nuts",
             "--seed", "1", "--seeds", "2", *TINY]  # 4 runs of the cheapest method to start (about 8 s of CPU each)
    assert main([*sweep, "--out", str(tmp_path / "local")]) == 0
    assert main([*sweep, "--out", str(tmp_path / "dask"), "--executor", "dask", "--scheduler",
                 cluster.scheduler_address, "--pack"]) == 0
    local, dask = read_records(tmp_path / "local"), read_records(tmp_path / "dask")
    assert len(local) == len(dask) == 4
    assert sorted(map(_identity, local)) == sorted(map(_identity, dask))
    assert all(r.ok for r in dask) and all(r.extra["dask"]["worker"] in cluster.scheduler_info["workers"] for r in dask)
    assert all(isinstance(r.extra["host_concurrent_runs"], int) for r in local + dask)
    by_cell = {(r.posterior, r.config["seed"]): r.summary for r in local}
    for record in dask:  # PyMC's NUTS is deterministic for a seed: the same draws give the same summary
        local_summary = by_cell[(record.posterior, record.config["seed"])]
        assert record.summary and record.summary.keys() == local_summary.keys()
        for name, stats in record.summary.items():  # to the last bits or so: ArviZ's MCSE of identical draws
            assert stats.keys() == local_summary[name].keys()  # varied in the 16th digit once
            for key, value in stats.items():
                expected = local_summary[name][key]
                assert value == expected or (isinstance(value, float) and math.isclose(value, expected, rel_tol=1e-9))
    assert (tmp_path / "dask" / "logs" / f"{dask[0].run_id}.log").is_file()


def test_a_worker_killed_mid_run_has_its_run_retried(cluster, tmp_path):
    from distributed import Client

    specs = [RunSpec(POSTERIOR, "pymc.nuts", RunConfig(draws=40, tune=40, chains=1, seed=seed), save_draws=True)
             for seed in (21, 22)]
    with Client(cluster) as client:
        worker_pids = client.run(os.getpid)  # worker address -> pid
    result, lines = {}, []
    executor = get_executor("dask", scheduler=cluster.scheduler_address)
    sweep = threading.Thread(target=lambda: result.update(records=run_sweep(specs, tmp_path, log=lines.append,
                                                                            executor=executor)))
    sweep.start()
    try:
        assert _wait_until(lambda: _runs_under(worker_pids.values()), 120), "no run started within 120 s"
        time.sleep(1.5)  # mid-run: the run's process is importing or sampling
        assert _wait_until(lambda: _runs_under(worker_pids.values()), 120)
        run, victim = _runs_under(worker_pids.values())[0]
        killed = next(address for address, pid in worker_pids.items() if pid == victim)
        os.kill(victim, signal.SIGKILL)
        assert _wait_until(lambda: not _alive([run.pid]), 10), "the killed worker's run outlived it"
        sweep.join(timeout=300)
        assert not sweep.is_alive(), "the sweep did not finish"
    finally:
        executor.close()
    records = result["records"]
    assert [r.status for r in records] == ["ok", "ok"]
    assert all(killed != r.extra["dask"]["worker"] for r in records)  # the lost run ran again elsewhere
    assert all(os.path.exists(r.extra["draws_file"]) and r.extra["draws_file"].startswith(str(tmp_path))
               for r in records)
    assert len(read_records(tmp_path)) == 2  # one record per run: the lost attempt left none
    assert _no_overlap(records)  # timed runs: one at a time on the host, 2 workers notwithstanding


def test_a_killed_client_leaves_no_process_and_resume_finishes_the_sweep(lock_file, tmp_path):
    out = tmp_path / "runs"
    command = [sys.executable, "-m", "harness.cli.main", "run", "-p", POSTERIOR, "-m", "pymc.nuts", "--seed", "30",
               "--seeds", "2", *TINY, "--out", str(out), "--executor", "dask", "--workers", "2"]
    client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def mid_sweep():  # the first record written and the second run under way
            return any(out.glob("*.json")) and any(
                "harness.execution.worker" in " ".join(p.cmdline()) for p in psutil.Process(client.pid).children(recursive=True))

        assert _wait_until(mid_sweep, 240), "no record within 240 s"
        tree = {p.pid: " ".join(p.cmdline()) for p in psutil.Process(client.pid).children(recursive=True)}
        os.kill(client.pid, signal.SIGKILL)
        client.wait()
        assert _wait_until(lambda: not _alive(tree), 30), \
            f"outlived the client: {[tree[pid][:200] for pid in _alive(tree)]}"
    finally:
        if client.poll() is None:
            client.kill()
    before = {r.run_id: r for r in read_records(out)}
    assert before and all(r.ok for r in before.values())
    (out / "broken.json").write_text(BROKEN)
    resumed = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=400)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert resumed.stderr.count("warning: skipped") == 1 and "broken.json" in resumed.stderr
    assert resumed.stderr.count("skipped (resume)") == len(before)
    after = read_records(out)
    assert len(after) == 2 and all(r.ok for r in after)
    assert len({_resume_key(r.posterior, r.method, r.config) for r in after}) == 2  # nothing duplicated
    assert set(before) <= {r.run_id for r in after}  # nothing lost


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_corrupt_json_is_skipped_with_a_warning(executor, cluster, runs_dir):
    spec = RunSpec(POSTERIOR, "pymc.nuts", RunConfig(draws=40, tune=40, chains=1, seed=5))
    done = RunRecord(POSTERIOR, "pymc.nuts", spec.config.to_dict())
    write_record(done, runs_dir)
    (runs_dir / "broken.json").write_text(BROKEN)
    (runs_dir / "foreign.json").write_text(json.dumps({"name": "not a run record"}))
    lines = []
    chosen = get_executor("local") if executor == "local" else get_executor("dask", scheduler=cluster.scheduler_address)
    with chosen:
        records = run_sweep([spec], runs_dir, resume=True, log=lines.append, executor=chosen)
    assert records[0].run_id == done.run_id
    warnings = sorted(line.split("skipped ")[1].split(":")[0].rsplit("/", 1)[1] for line in lines
                      if "warning: skipped" in line)
    assert warnings == ["broken.json", "foreign.json"]


def test_a_gpu_run_without_a_gpu_worker_is_recorded_unsupported_within_seconds(cluster, runs_dir, capsys):
    import harness.methods  # noqa: F401  (imported before the clock starts: on a busy machine they take a while)
    import harness.report.table  # noqa: F401
    import models.catalog  # noqa: F401

    start = time.time()
    code = main(["run", "-p", POSTERIOR, "-m", "numpyro.nuts", "--device", "gpu", *TINY, "--out", str(runs_dir),
                 "--executor", "dask", "--scheduler", cluster.scheduler_address])
    assert time.time() - start < 30
    assert code == 0
    [record] = read_records(runs_dir)
    assert record.status == "unsupported: no GPU worker" and record.device == "gpu"


def test_executor_options_are_checked_in_one_line(capsys):
    assert main(["run", "--pack"]) == 2
    assert main(["run", "--executor", "dask", "--scheduler", "garbage:::", "-p", POSTERIOR, "-m", "pymc.nuts"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == ["twinbench: error: --scheduler, --pack and --workers need --executor dask",
                      errors[1]] and "bad Dask scheduler address 'garbage:::'" in errors[1]
