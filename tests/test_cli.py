"""The CLI: listing, and bad input reported as one line with a non-zero exit (never a traceback)."""
import pytest

from harness import methods
from harness.cli.main import main
from harness.records.environment import gpu_names
from models import catalog


def test_list_shows_every_posterior_and_method(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in catalog.names() + methods.names():
        assert name in out
    assert "21.5" in out


@pytest.mark.parametrize("argv,fragment", [
    (["run", "-p", "nope"], "unknown posterior 'nope'"),
    (["run", "-m", "stan.nuts"], "unknown method 'stan.nuts'"),
    (["run", "--draws", "-3"], "--draws must be an integer >= 1"),
    (["run", "--chains", "0"], "--chains"),
    (["run", "--target-accept", "1.5"], "--target-accept"),
    (["run", "--device", "tpu"], "invalid choice"),
    (["run", "-p", "er_visits-poisson_regression", "-o", "prior=medium"], "not in"),
    (["run", "--draws", "many"], "invalid int value"),
    (["show", "--out", "/nonexistent/folder"], "no such folder"),
    (["run", "--batch-size", "100,lots"], "--batch-size expects integers"),
    (["run", "--batch-size", "0"], "--batch-size must be a positive integer"),
    (["run", "-p", "eight_schools-noncentered", "--size", "10"], "has a fixed dataset; sizeable:"),
    (["run", "-p", "streamrec_events-hierarchical_logit", "--size", "-1"], "--size must be positive"),
    (["agree", "-p", "nope"], "unknown posterior 'nope'"),
    (["reference", "-p", "nope"], "unknown posterior 'nope'"),
    (["overhead", "-m", "numpyro.nope"], "unknown method"),
    (["calibrate-agreement", "--repeats", "0"], "--repeats must be an integer >= 1"),
])
def test_bad_input_is_one_line_error(capsys, argv, fragment):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("twinbench: error:")
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.skipif(bool(gpu_names()), reason="this machine has a GPU")
def test_gpu_request_without_gpu_is_one_line_error(capsys):
    assert main(["run", "--device", "gpu"]) == 2
    err = capsys.readouterr().err
    assert "no GPU" in err and err.count("\n") == 1


def test_unknown_posterior_error_names_the_choices(capsys):
    main(["run", "-p", "nope"])
    err = capsys.readouterr().err
    assert all(name in err for name in catalog.names())


def test_methods_prints_the_capability_matrix(capsys):
    assert main(["methods"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in catalog.names())
    assert all(name in out.splitlines()[0] for name in methods.names())


@pytest.mark.parametrize("command", ["leaderboard", "aa-test"])
def test_report_only_without_records_ends_in_one_error_line(capsys, command, tmp_path):
    argv = [command, "--report-only", "--out", "/nonexistent/runs", "-p", "linreg_sim-linear_regression",
            "--studies-dir", str(tmp_path / "studies")]
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["twinbench: error: no records of these runs in /nonexistent/runs; run without --report-only first"]
    assert not (tmp_path / "studies").exists()  # checked writable, and the check left nothing behind


def test_a_study_whose_optional_extra_is_missing_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    import harness.cli.study as study

    monkeypatch.setattr(study.shutil, "which", lambda program: None)  # no R on PATH
    assert main(["study", "glmm", "--out", str(tmp_path / "runs"), "--studies-dir", str(tmp_path / "tables")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "make r-extra" in lines[0] and "glmm" in lines[0]
    assert not (tmp_path / "runs").exists()
