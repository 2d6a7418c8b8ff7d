"""Shared fixtures: a temporary runs folder, JAX on the CPU, and JAX's persistent compilation cache.

The cache (inherited by every run's worker process) lets a test reuse the XLA programs an earlier
test compiled for the same model, shapes and settings: tests check correctness, never compile
times, and most of a tiny run is compilation. Benchmarks never set it: their compile times are
measured cold.
"""
import os
import tempfile
from pathlib import Path

os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", str(Path(tempfile.gettempdir()) / "twinbench-tests-jax-cache"))
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")

import pytest  # noqa: E402


@pytest.fixture
def runs_dir(tmp_path):
    """An empty folder for run records."""
    path = tmp_path / "runs"
    path.mkdir()
    return path


def pytest_report_header(config):
    """The library versions under test, at the top of every test run."""
    from harness.records.environment import library_versions

    return "twinbench stack: " + ", ".join(f"{k} {v}" for k, v in library_versions().items())
