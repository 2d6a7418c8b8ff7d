"""Study figures: ``harness/report/figures/<name>.py`` draws study ``<name>``'s ``<name>.png``.

Each module has ``plot(result, path)``, drawing from the ``StudyResult`` (its table, tables and
``figure_data``); studies return data and never draw. ``figure(name)`` finds a study's function.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from harness.studies.context import StudyResult


def figure(name: str) -> Callable[[StudyResult, Path], None] | None:
    """The ``plot(result, path)`` of study ``name``; None when the study has no figure."""
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise
    return getattr(module, "plot", None)
