"""Shared fixtures: a temporary runs folder and JAX in float64 on the CPU."""
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402


@pytest.fixture
def runs_dir(tmp_path):
    """An empty folder for run records."""
    path = tmp_path / "runs"
    path.mkdir()
    return path


def pytest_report_header(config):
    """The library versions under test, at the top of every test run."""
    from harness.environment import library_versions

    return "twinbench stack: " + ", ".join(f"{k} {v}" for k, v in library_versions().items())
