"""The import-linter contracts in pyproject.toml: harness/ in layers, imports only go down, no cycles."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    """lint-imports on the packages under ``root`` (found there first, before the installed checkout)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache", str(root / "pyproject.toml")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the packages and the contracts, to plant imports in."""
    root = tmp_path_factory.mktemp("layers")
    for package in ("harness", "models"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def test_the_contracts_hold_on_this_tree():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


@pytest.mark.parametrize("importer, imported", [
    ("harness/methods/base.py", "harness.report.table"),      # a method importing display code
    ("harness/records/store.py", "harness.execution.sweep"),  # the bottom importing the middle
    ("harness/studies/leaderboard.py", "harness.cli.main"),   # a study importing the CLI
    ("models/catalog.py", "harness.records.schema"),          # the catalog importing the harness
])
def test_a_planted_upward_import_breaks_the_layers(tree, importer, imported):
    path = tree / importer
    original = path.read_text()
    try:
        path.write_text(original + f"\nimport {imported}  # planted\n")
        result = lint(tree)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    assert "harness in layers: imports only go down BROKEN" in result.stdout, result.stdout[-3000:]
    assert imported in result.stdout


def test_a_planted_cycle_between_siblings_is_found(tree):
    config, schema = tree / "harness" / "records" / "config.py", tree / "harness" / "records" / "schema.py"
    originals = {path: path.read_text() for path in (config, schema)}
    try:
        config.write_text(originals[config] + "\nimport harness.records.schema  # planted\n")
        schema.write_text(originals[schema] + "\nimport harness.records.config  # planted\n")
        result = lint(tree)
    finally:
        for path, text in originals.items():
            path.write_text(text)
    assert result.returncode != 0
    assert "no import cycles among the modules of any harness folder BROKEN" in result.stdout, result.stdout[-3000:]
    assert "harness.records" in result.stdout
