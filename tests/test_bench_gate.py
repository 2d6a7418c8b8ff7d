"""The benchmark regression gate (scripts/bench-gate, ``make bench-check``) on one gradient benchmark.

A clone of this repository, an asv environment built for it, and two runs of the gate: a working
tree that changes nothing a benchmark measures passes; one that plants extra work in every
PyTensor gradient call (what a careless change to a sampler's inner loop does) fails.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = r"time_gradient.*linreg_sim-linear_regression.*pytensor_numba"
GRADIENT_CALL = "return compiled(x)"
PLANTED = "return (compiled(x), sum(i * i for i in range(1000)))"  # ~5x the gradient's time

pytestmark = pytest.mark.bench_gate


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A clone of HEAD with its own asv environment folder; PATH with asv, uv's python and this venv."""
    path = tmp_path_factory.mktemp("gate") / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(path)], check=True)
    python_dir = Path(subprocess.run([str(ROOT / "scripts" / "find-python")], capture_output=True, text=True,
                                     check=True).stdout.strip()).resolve().parent
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{python_dir}:{os.environ['PATH']}")
    machine = subprocess.run([sys.executable, str(path / "scripts" / "asv-machine"), str(Path(sys.executable).parent / "asv")],
                             capture_output=True, text=True, check=True, env=env).stdout.strip()
    return path, env, machine


def gate(clone) -> subprocess.CompletedProcess:
    """Run the gate in the clone on the one benchmark; its completed process."""
    path, env, machine = clone
    return subprocess.run([sys.executable, str(path / "scripts" / "bench-gate"), "--asv",
                           str(Path(sys.executable).parent / "asv"), "--machine", machine, "--bench", BENCH,
                           "--env-dir", str(path.parent / "env")], cwd=path, env=env, capture_output=True, text=True,
                          timeout=900)


def test_gate_passes_an_unchanged_tree(clone):
    path = clone[0]
    (path / "README.md").write_text((path / "README.md").read_text() + "\nA change no benchmark measures.\n")
    result = gate(clone)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "NOT SIGNIFICANTLY CHANGED" in result.stdout


def test_gate_fails_a_planted_gradient_slowdown(clone):
    path = clone[0]
    source = path / "harness" / "compare" / "gradbench.py"
    assert GRADIENT_CALL in source.read_text()
    source.write_text(source.read_text().replace(GRADIENT_CALL, PLANTED))
    result = gate(clone)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "PERFORMANCE DECREASED" in result.stdout
    assert re.search(r"\+.*time_gradient", result.stdout), result.stdout[-3000:]
