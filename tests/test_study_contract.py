"""The harness's own studies keep one contract: a module that computes frames, a report module that writes."""
import ast
import importlib
from pathlib import Path

import pytest

from harness import studies
from harness.cli.main import main

WRITERS = {"to_csv", "to_markdown", "write_text", "savefig"}
# resumable state a study keeps while it measures (not a report): function -> why
STATE_WRITERS = {("harness.studies.overhead", "measure_overhead"): "the measured pairs, resumable",
                 ("harness.studies.scaling", "save_skips"): "the sweep's skipped cells, resumable"}


def writes_in(module_name: str) -> set[tuple[str, str]]:
    """(function, call) of every file-writing call in a module, by its source."""
    path = Path(importlib.import_module(module_name).__file__)
    found = set()
    for function in ast.walk(ast.parse(path.read_text())):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITERS:
                    found.add((function.name, node.func.attr))
    return found


@pytest.mark.parametrize("name", list(studies.HARNESS_STUDIES))
def test_a_harness_study_computes_and_its_report_writes(name):
    study = studies.HARNESS_STUDIES[name]
    report = importlib.import_module(study.report)
    assert any(callable(getattr(report, n)) and n.startswith(("write", "plot")) for n in dir(report)), study.report
    offenders = {(f, call) for f, call in writes_in(study.module) if (study.module, f) not in STATE_WRITERS}
    assert offenders == set(), f"{study.module} writes files itself: {offenders}"


def test_study_list_names_both_kinds(capsys):
    assert main(["study", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in studies.STUDIES)
    assert all(study.command in out for study in studies.HARNESS_STUDIES.values())
