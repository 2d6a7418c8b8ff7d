"""Every subcommand checks its input before any work: a bad value is one line on stderr, exit status 2, no
traceback, nothing run and nothing written. And the sweep's temporary spec file goes on every way out.

The bad inputs run in-process (``harness.cli.main.main``) with every expensive entry point replaced by one
that fails the test if called, in an empty working folder that must stay empty.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from harness.cli.main import main

SIZEABLE = "streamrec_events-hierarchical_logit"
FIXED = "eight_schools-noncentered"
TIMELINE_CONFIG = str(Path(__file__).resolve().parents[1] / "asv.timeline.conf.json")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# (argv, a fragment of the one error line). FILE: an existing file; DIR: an existing empty folder;
# READONLY: a folder with mode 0o555 (root writes there anyway: that case is skipped as root).
BAD_INPUTS = [
    # run: output locations
    (["run", "--out", "FILE"], "is a file, not a folder"),
    (["run", "--out", "FILE/runs"], "is a file, not a folder"),
    (["run", "--out", "/proc/x"], "under /proc"),
    (["run", "--out", "/sys/x"], "under /sys"),
    (["run", "--out", "READONLY/runs"], "not writable"),
    # run: sizes, seeds, counts
    (["run", "--draws", "1000000000000"], "GiB"),
    (["run", "--draws", "1000000", "--chains", "1000"], "GiB"),
    (["run", "--chains", "100000"], "--chains must be at most"),
    (["run", "--tune", "100000000000"], "--tune must be at most"),
    (["run", "--seed", "99999999999999999999"], "numpy's seed range"),
    (["run", "--seed", "4294967295", "--seeds", "2"], "past numpy's seed range"),
    (["run", "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["run", "--seeds", "99999999999999999999"], "--seeds must be at most"),
    (["run", "--seeds", "-2"], "--seeds must be an integer >= 1"),
    (["run", "--draws", "0"], "--draws must be an integer >= 1"),
    (["run", "--tune", "-1"], "--tune must be an integer >= 1"),
    (["run", "--timeout", "0"], "--timeout must be positive"),
    (["run", "--timeout", "-5"], "--timeout must be positive"),
    (["run", "--timeout", "nan"], "--timeout must be positive"),
    (["run", "--timeout", "inf"], "--timeout must be positive"),
    (["run", "--vi-steps", "0"], "--vi-steps must be an integer >= 1"),
    (["run", "--size", "inf", "-p", SIZEABLE], "--size must be positive"),
    (["run", "--size", "1e300", "-p", SIZEABLE], "GiB"),
    (["run", "--equivalence", "1"], "--equivalence must be a factor > 1"),
    (["run", "--equivalence", "nan"], "--equivalence must be a factor > 1"),
    (["run", "--target-accept", "0"], "--target-accept"),
    (["run", "--batch-size", "x"], "--batch-size expects integers"),
    # compare: a user's model (more in tests/test_user_model.py, which has model files)
    (["compare", "nowhere.py"], "no such file"),
    (["compare", "no_such_module:model"], "cannot import 'no_such_module'"),
    (["compare", "nowhere.py", "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["compare", "nowhere.py", "--draws", "0"], "--draws must be an integer >= 1"),
    (["compare", "nowhere.py", "--timeout", "-1"], "--timeout must be positive"),
    (["compare", "nowhere.py", "--equivalence", "1"], "--equivalence must be a factor > 1"),
    (["compare", "nowhere.py", "--out", "FILE"], "is a file, not a folder"),
    (["compare", "nowhere.py", "--page", "/proc/x"], "under /proc"),
    (["compare", "nowhere.py", "--device", "tpu"], "invalid choice"),
    # run: names and choices
    (["run", "--device", "tpu"], "invalid choice"),
    (["run", "--device", "cpu,gpu"], "invalid choice"),
    (["run", "-p", "nope"], "unknown posterior 'nope'"),
    (["run", "-m", "nope"], "unknown method 'nope'"),
    (["run", "--suite", "nope"], "unknown suite 'nope'"),
    (["run", "--chain-method", "nope"], "invalid choice"),
    (["run", "--executor", "nope"], "invalid choice"),
    (["run", "--pack"], "need --executor dask"),
    (["run", "--executor", "dask", "--workers", "0"], "--workers must be an integer >= 1"),
    (["run", "--draws", "many"], "invalid int value"),
    (["run", "--no-such-flag"], "unrecognized arguments"),
    # run: malformed --option
    (["run", "-o", "prior"], "--option expects NAME=VALUE"),
    (["run", "-o", "=tight"], "--option expects NAME=VALUE"),
    (["run", "-o", "prior="], "--option expects NAME=VALUE"),
    (["run", "-o", "prior=tight", "-o", "prior=wide"], "given twice"),
    (["run", "-p", FIXED, "-o", "nope=1"], "has no option"),
    # agree
    (["agree", "--out", "FILE"], "is a file, not a folder"),
    (["agree", "--chains", "0"], "--chains must be an integer >= 1"),
    (["agree", "-p", "nope"], "unknown posterior"),
    # leaderboard
    (["leaderboard", "--studies-dir", "FILE"], "is a file, not a folder"),
    (["leaderboard", "--studies-dir", "/proc/x"], "under /proc"),
    (["leaderboard", "--out", "/proc/x"], "under /proc"),
    (["leaderboard", "--aa-methods", "nope"], "unknown method 'nope'"),
    (["leaderboard", "--report-only", "--time-to-result", "no/such/folder"], "no such folder: no/such/folder"),
    (["leaderboard", "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["leaderboard", "--seed", "4294967290"], "past numpy's seed range"),  # 5 seeds x 2 sets
    (["leaderboard", "--report-only", "--out", "FILE"], "is a file, not a folder"),
    # aa-test
    (["aa-test", "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["aa-test", "--studies-dir", "FILE"], "is a file, not a folder"),
    (["aa-test", "--device", "tpu"], "invalid choice"),
    # study
    (["study", "nope"], "unknown study 'nope'"),
    (["study", "loo_waic", "--jobs", "0"], "--jobs must be an integer >= 1"),
    (["study", "loo_waic", "--studies-dir", "FILE"], "is a file, not a folder"),
    (["study", "loo_waic", "--out", "/proc/x"], "under /proc"),
    (["study", "loo_waic", "--out", "FILE"], "is a file, not a folder"),
    (["study", "loo_waic", "--scale", "huge"], "invalid choice"),
    # release-timeline
    (["release-timeline", "--results", "DIR/nope"], "no asv results folder"),
    (["release-timeline", "--results", "FILE"], "is a file, not a folder"),
    (["release-timeline", "--results", "DIR", "--config", "DIR/nope.json"], "no such file"),
    (["release-timeline", "--results", "DIR", "--config", TIMELINE_CONFIG, "--studies-dir", "FILE"],
     "is a file, not a folder"),
    # gradbench
    (["gradbench", "--studies-dir", "FILE"], "is a file, not a folder"),
    (["gradbench", "--studies-dir", "/sys/x"], "under /sys"),
    (["gradbench", "-p", "nope"], "unknown posterior 'nope'"),
    (["gradbench", "--backend", "nope"], "unknown backend 'nope'"),
    (["gradbench", "--out", "DIR/gradbench.csv"], "unrecognized arguments"),  # now --studies-dir
    # reference
    (["reference", "-p", "nope"], "unknown posterior 'nope'"),
    (["reference", "--draws", "0"], "--draws must be an integer >= 1"),
    (["reference", "--chains", "100000"], "--chains must be at most"),
    (["reference", "--seed", "4294967295"], "past numpy's seed range"),  # the cross-check runs seed + 1
    (["reference", "--timeout", "0"], "--timeout must be positive"),
    (["reference", "--cross-check-draws", "0"], "--cross-check-draws must be an integer >= 1"),
    (["reference", "--ref-dir", "FILE"], "is a file, not a folder"),
    (["reference", "--out", "/proc/x"], "under /proc"),
    # calibrate-agreement
    (["calibrate-agreement", "--repeats", "0"], "--repeats must be an integer >= 1"),
    (["calibrate-agreement", "--repeats", "99999999"], "--repeats must be at most"),
    (["calibrate-agreement", "--runs", "5"], "unrecognized arguments"),  # now --repeats
    (["calibrate-agreement", "--draws", "1000000000000"], "GiB"),
    (["calibrate-agreement", "--seed", "-1"], "numpy's seed range"),
    (["calibrate-agreement", "--studies-dir", "FILE"], "is a file, not a folder"),
    # overhead
    (["overhead", "--repeats", "0"], "--repeats must be an integer >= 1"),
    (["overhead", "-m", "numpyro.nope"], "unknown method"),
    (["overhead", "-m", "pymc.advi"], "no hand-written twin"),
    (["overhead", "-p", "nope"], "unknown posterior"),
    (["overhead", "--seed", "99999999999999999999"], "numpy's seed range"),
    (["overhead", "--draws", "1000000000000"], "GiB"),
    (["overhead", "--studies-dir", "FILE"], "is a file, not a folder"),
    (["overhead", "--out", "/proc/x"], "under /proc"),
    # methods, show, list
    (["methods", "--device", "tpu"], "invalid choice"),
    (["show", "--out", "FILE"], "is a file, not a folder"),
    (["show", "--out", "DIR/nope"], "no such folder"),
    (["show", "--runs", "DIR"], "unrecognized arguments"),  # now --out
    (["list", "--bogus"], "unrecognized arguments"),
    (["no-such-verb"], "invalid choice"),
    # scale
    (["scale"], "required"),
    (["chains-precision", "-m", "pymc.default"], "is not a JAX NUTS path"),
    (["chains-precision", "--grid", "huge"], "invalid choice"),
    (["chains-precision", "--seeds", "0"], "--seeds"),
    (["chains-precision", "--timeout", "-3"], "--timeout must be positive"),
    (["chains-precision", "--out", "FILE"], "is a file, not a folder"),
    (["chains-precision", "--report-only", "--out", "nowhere"], "no such folder: nowhere"),
    (["run", "--precision", "float16"], "invalid choice"),
    (["scale", "-p", SIZEABLE, "--memory-limit-gb", "-1"], "--memory-limit-gb must be positive"),
    (["scale", "-p", SIZEABLE, "--memory-limit-gb", "0"], "--memory-limit-gb must be positive"),
    (["scale", "-p", "nope"], "unknown posterior 'nope'"),
    (["scale", "-p", FIXED], "fixed dataset"),
    (["scale", "-p", SIZEABLE, "-m", "nope"], "unknown method 'nope'"),
    (["scale", "-p", SIZEABLE, "--device", "tpu"], "invalid choice"),
    (["scale", "-p", SIZEABLE, "--sizes", "abc"], "--sizes expects numbers"),
    (["scale", "-p", SIZEABLE, "--sizes", "1e400"], "--sizes must be finite"),
    (["scale", "-p", SIZEABLE, "--sizes", "1e3,1e18"], "GiB"),
    (["scale", "-p", SIZEABLE, "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["scale", "-p", SIZEABLE, "--chains", "100000"], "--chains must be at most"),
    (["scale", "-p", SIZEABLE, "--timeout", "0"], "--timeout must be positive"),
    (["scale", "-p", SIZEABLE, "--fit-from", "0"], "--fit-from must be positive"),
    (["scale", "-p", SIZEABLE, "--out", "FILE"], "is a file, not a folder"),
    (["scale", "-p", SIZEABLE, "--studies-dir", "FILE"], "is a file, not a folder"),
    (["scale", "-p", SIZEABLE, "--report-only", "--out", "DIR/nope"], "no records of"),
    (["scale", "-p", SIZEABLE, "--pack"], "need --executor dask"),
]

# What running would call first: each fails the test if a bad input gets that far.
NEVER_CALLED = [
    ("harness.execution.sweep", "run_sweep"),
    ("harness.execution.process", "execute"),
    ("harness.execution.local", "LocalExecutor.run"),
    ("harness.execution.dask", "DaskExecutor.__enter__"),
    ("harness.execution.reference_build", "build_reference"),
    ("harness.execution.set_aside", "set_aside_shared"),
    ("harness.execution.device", "configure_jax"),
    ("harness.compare.gradbench", "bench_posterior"),
    ("harness.studies.agreement_calibration", "run_study"),
    ("harness.studies.overhead", "measure_overhead"),
    ("harness.studies.scaling", "run_scaling"),
    ("harness.studies.context", "StudyContext"),
    ("harness.report.leaderboard", "write_leaderboard"),
    ("harness.report.aa_test", "write_aa_test"),
    ("harness.report.gradbench", "write_gradbench"),
    ("harness.report.overhead", "write_overhead"),
    ("harness.report.scaling", "write_scaling"),
    ("harness.report.timeline", "write_timeline"),
    ("harness.report.study", "write_study"),
]


class Started(AssertionError):
    """A bad input got past the checks."""


@pytest.fixture
def nothing_runs(monkeypatch):
    """Every entry point in NEVER_CALLED replaced by one that raises ``Started``."""
    import importlib

    for module_name, path in NEVER_CALLED:
        holder = importlib.import_module(module_name)
        *owners, name = path.split(".")
        for owner in owners:
            holder = getattr(holder, owner)

        def started(*args, _what=f"{module_name}.{path}", **kwargs):
            raise Started(f"{_what} was called")

        monkeypatch.setattr(holder, name, started)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working folder (defaults such as results/runs land here) with FILE, DIR and READONLY beside it."""
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "file.txt").write_text("not a folder\n")
    (tmp_path / "dir").mkdir()
    (tmp_path / "readonly").mkdir()
    (tmp_path / "readonly").chmod(0o555)
    monkeypatch.chdir(work)
    yield tmp_path
    (tmp_path / "readonly").chmod(0o755)


def _substitute(argv: list[str], base: Path) -> list[str]:
    places = {"FILE": base / "file.txt", "DIR": base / "dir", "READONLY": base / "readonly"}
    out = []
    for arg in argv:
        head, sep, tail = arg.partition("/")
        out.append(str(places[head]) + sep + tail if head in places else arg)
    return out


def _tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_the_bad_inputs_cover_every_subcommand():
    from harness.cli.main import build_parser

    verbs = set(build_parser()._subparsers._group_actions[0].choices)
    assert verbs <= {argv[0] for argv, _ in BAD_INPUTS}
    assert len(BAD_INPUTS) >= 50


@pytest.mark.parametrize("argv,fragment", BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_a_bad_input_is_one_line_and_nothing_starts(argv, fragment, workdir, nothing_runs, capsys):
    if "READONLY" in " ".join(argv) and AS_ROOT:
        pytest.skip("root writes into a 0o555 folder; /proc and /sys cover unwritable places")
    before = _tree(workdir)
    try:
        code = main(_substitute(argv, workdir))
    except SystemExit as stop:  # argparse's own exits would land here
        code = stop.code
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 2, captured.err
    assert len(lines) == 1 and captured.err.count("\n") == 1, captured.err
    assert lines[0].startswith("twinbench: error: ") and fragment in lines[0], lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert _tree(workdir) == before  # no records, no folders: the writability check cleans up after itself


def test_a_writable_folder_check_leaves_nothing_behind(tmp_path):
    from harness.cli.options import UsageError, writable_folder

    writable_folder(tmp_path / "a" / "b" / "c", "--out")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError, match="is a file"):
        (tmp_path / "f").write_text("")
        writable_folder(tmp_path / "f", "--out")


def _spec_files(folder: Path) -> list[Path]:
    from harness.execution.process import SPEC_PREFIX

    return list(folder.glob(f"{SPEC_PREFIX}*"))


@pytest.mark.parametrize("failure", [KeyboardInterrupt, SystemExit, RuntimeError])
def test_the_spec_file_goes_when_a_run_is_interrupted(failure, tmp_path, monkeypatch):
    """An exception while the worker runs (Ctrl-C, SIGTERM made SystemExit, a bug) removes the spec file and
    takes the worker down; no sampling: the worker is a ``sleep``."""
    import tempfile

    from harness.execution import process
    from harness.execution.process import RunSpec, execute
    from harness.records.config import RunConfig

    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    real_popen, started = subprocess.Popen, []

    def popen(argv, **kwargs):
        assert Path(argv[-1]).exists()  # the worker's spec
        started.append(real_popen(["sleep", "60"], **kwargs))
        return started[-1]

    def wait(worker, deadline):
        raise failure()

    monkeypatch.setattr(process.subprocess, "Popen", popen)
    monkeypatch.setattr(process, "_wait", wait)
    with pytest.raises(failure):
        execute(RunSpec("p", "m", RunConfig()), tmp_path / "runs")
    assert started and started[0].poll() is not None  # the worker was killed, not left running
    assert _spec_files(spool) == []


def test_the_spec_file_goes_when_the_worker_cannot_start(tmp_path, monkeypatch):
    import tempfile

    from harness.execution import process
    from harness.execution.process import RunSpec, execute
    from harness.records.config import RunConfig

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def popen(argv, **kwargs):
        raise OSError("no such interpreter")

    monkeypatch.setattr(process.subprocess, "Popen", popen)
    with pytest.raises(OSError):
        execute(RunSpec("p", "m", RunConfig()), tmp_path / "runs")
    assert _spec_files(tmp_path) == []


def test_a_sweep_killed_by_sigterm_removes_its_spec_file_and_its_worker(tmp_path):
    """``twinbench run`` gets SIGTERM while its worker runs: exit 143, spec file gone, worker gone. The worker
    is a ``sleep`` (the script swaps Popen), so nothing samples."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    script = textwrap.dedent(f"""
        import subprocess, sys
        from harness.execution import process
        real_popen, real_wait, spec = subprocess.Popen, process._wait, []
        def popen(argv, **kwargs):
            spec.append(argv[-1])
            return real_popen(["sleep", "60"], **kwargs)
        def wait(worker, deadline):  # the sweep now waits on its worker: time for SIGTERM
            print("worker", worker.pid, spec[-1], flush=True)
            return real_wait(worker, deadline)
        subprocess.Popen, process._wait = popen, wait
        from harness.cli.main import main
        sys.exit(main(["run", "-p", "eight_schools-noncentered", "-m", "numpyro.nuts", "--draws", "10",
                       "--tune", "10", "--chains", "1", "--out", {str(tmp_path / "runs")!r}]))
    """)
    sweep = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "TMPDIR": str(spool)})
    try:
        line = sweep.stdout.readline().split()
        assert line and line[0] == "worker", sweep.stderr.read()
        worker, spec = int(line[1]), Path(line[2])
        assert spec.exists() and spec.parent == spool
        sweep.send_signal(signal.SIGTERM)
        assert sweep.wait(timeout=30) == 143
        assert "twinbench: terminated" in sweep.stderr.read()
        assert not spec.exists() and _spec_files(spool) == []
        deadline = time.time() + 5
        while time.time() < deadline and psutil.pid_exists(worker):
            time.sleep(0.1)
        assert not psutil.pid_exists(worker) or psutil.Process(worker).status() == psutil.STATUS_ZOMBIE
    finally:
        if sweep.poll() is None:
            sweep.kill()


def test_the_guard_is_live_a_good_input_reaches_the_sweep(workdir, nothing_runs, capsys):
    """The checks pass a good input on to the sweep, which the guard stops: the bad inputs above were refused
    by the checks, not by the guard."""
    with pytest.raises(Started, match="run_sweep"):
        main(["run", "-p", FIXED, "-m", "numpyro.nuts", "--draws", "10", "--tune", "10", "--chains", "1"])
    assert " run(s): 1 posterior(s)" in capsys.readouterr().err
