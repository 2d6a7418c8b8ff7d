"""The benchmark regression gate (scripts/bench-gate, ``make bench-check``) on the ``gate`` set (one
gradient benchmark, one NUTS cell: bench/sets.py).

A clone of this repository, an asv environment built for it, and three runs of the gate: a working
tree that changes nothing a benchmark measures passes; one that plants extra work in every PyTensor
gradient call (what a careless change to a sampler's inner loop does) fails; and one that makes NumPyro's
step-size adaptation aim far too high (acceptance 0.999 instead of 0.8: smaller steps, several times the
gradients per effective draw, the gradient itself untouched) fails on gradients per 1,000 ESS, which
asv can only see because every track is lower-is-better.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRADIENT_BENCH = r"time_gradient"
EFFICIENCY_BENCH = r"track_grads_per_1000_ess"
GRADIENT_CALL = "return compiled(x)"
PLANTED = "return (compiled(x), sum(i * i for i in range(1000)))"  # ~5x the gradient's time
ADAPTATION = "target_accept_prob=config.target_accept"
PLANTED_ADAPTATION = "target_accept_prob=0.999"  # step size adapted far too small

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


def gate(clone, bench: str) -> subprocess.CompletedProcess:
    """Run the gate in the clone on the gate set's benchmarks matching ``bench``; its completed process."""
    path, env, machine = clone
    return subprocess.run([sys.executable, str(path / "scripts" / "bench-gate"), "--asv",
                           str(Path(sys.executable).parent / "asv"), "--machine", machine, "--bench", bench,
                           "--set", "gate", "--env-dir", str(path.parent / "env")], cwd=path, env=env,
                          capture_output=True, text=True, timeout=900)


def plant(clone, relative: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the clone's file (the working tree the gate snapshots)."""
    source = clone[0] / relative
    assert old in source.read_text()
    source.write_text(source.read_text().replace(old, new))


def test_gate_passes_an_unchanged_tree(clone):
    path = clone[0]
    (path / "README.md").write_text((path / "README.md").read_text() + "\nA change no benchmark measures.\n")
    result = gate(clone, f"({GRADIENT_BENCH}|{EFFICIENCY_BENCH})")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "NOT SIGNIFICANTLY CHANGED" in result.stdout


@pytest.mark.parametrize("source,old,new,bench", [
    ("harness/compare/gradbench.py", GRADIENT_CALL, PLANTED, GRADIENT_BENCH),  # a gradient slowdown
    ("harness/methods/numpyro_nuts.py", ADAPTATION, PLANTED_ADAPTATION, EFFICIENCY_BENCH),  # an efficiency regression
], ids=["gradient_slowdown", "efficiency_regression"])
def test_gate_fails_a_planted_regression(clone, source, old, new, bench):
    plant(clone, source, old, new)
    result = gate(clone, bench)
    plant(clone, source, new, old)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "PERFORMANCE DECREASED" in result.stdout
    assert re.search(rf"\+.*{bench}", result.stdout), result.stdout[-3000:]
