"""Studies return data and report/ draws: no study imports matplotlib; write_study draws a study's png."""
from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

STUDIES_DIR = Path(__file__).resolve().parents[1] / "harness" / "studies"
# still draws itself: its figure is harness/report/figures/agreement_calibration.py, to be wired by the CLI
PENDING: set[str] = set()  # study files allowed to draw for now (none)


def matplotlib_imports(path: Path) -> list[int]:
    """Line numbers of ``import matplotlib...`` / ``from matplotlib... import`` in a file."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                 [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(name == "matplotlib" or name.startswith("matplotlib.") for name in names):
            lines.append(node.lineno)
    return lines


def test_no_study_module_imports_matplotlib():
    files = sorted(STUDIES_DIR.rglob("*.py"))
    assert len(files) > 20
    offenders = {str(p.relative_to(STUDIES_DIR)): lines for p in files
                 if p.name not in PENDING and (lines := matplotlib_imports(p))}
    assert offenders == {}


def test_every_study_has_its_figure_in_report():
    from harness.report.figures import figure
    from harness.studies import STUDIES

    assert all(callable(figure(name)) for name in STUDIES)
    assert figure("no_such_study") is None


def test_write_study_draws_the_png_from_the_result(tmp_path):
    from harness.report.study import write_study
    from harness.studies import get
    from harness.studies.context import StudyResult

    table = pd.DataFrame([{"backend": backend, "target_accept": target, "seed": 0, "status": "ok",
                           "min_ess_bulk": 100.0 + 50 * k, "sampling_seconds": 1.0 + k}
                          for k, (backend, target) in enumerate([(b, t) for b in ("pymc", "numpyro")
                                                                 for t in (0.8, 0.99)])])
    result = StudyResult(table=table, findings=["a finding."])
    paths = write_study(get("target_accept"), result, tmp_path, "twinbench study target_accept", "tiny")
    png = tmp_path / "target_accept.png"
    assert paths == [tmp_path / "target_accept.csv", tmp_path / "target_accept.md", png]
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 1000


def test_write_study_draws_from_figure_data(tmp_path):
    from harness.report.study import write_study
    from harness.studies import get
    from harness.studies.context import StudyResult

    per_parameter = pd.DataFrame([{"posterior": "p", "backend": b, "parameter": name, "ess_bulk": 500.0,
                                   "ess_tail": 450.0} for b in ("pymc", "numpyro") for name in ("mu", "tau")])
    result = StudyResult(table=pd.DataFrame({"check": ["R-hat"]}), findings=[],
                         figure_data={"per_parameter": per_parameter})
    write_study(get("diagnostics"), result, tmp_path, "twinbench study diagnostics", "tiny")
    assert (tmp_path / "diagnostics.png").read_bytes().startswith(b"\x89PNG")
