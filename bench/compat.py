"""The one place that knows old twinbench layouts: asv runs today's bench/ against older commits.

Each name the suites need from the harness is looked up at its current module first, then at the
modules older commits kept it in (before harness/ was split into layers), so the history keeps
measuring the same thing across the move.
"""
from __future__ import annotations

import importlib

# name -> modules to try, newest layout first
LOCATIONS = {
    "RunConfig": ("harness.records.config", "harness.config"),
    "RunSpec": ("harness.execution.process", "harness.sweep", "harness.executor"),
    "run_sweep": ("harness.execution.sweep", "harness.sweep"),
    "run_metrics": ("harness.compare.cells", "harness.compare"),
    "load_floors": ("harness.compare.gradbench", "harness.gradbench"),
    "measure_overhead": ("harness.studies.overhead",),
    "nuts_methods": ("harness.methods",),
}
MODULES = {
    "gradbench": ("harness.compare.gradbench", "harness.gradbench"),
}


def _first(candidates: tuple[str, ...], attribute: str | None):
    errors = []
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            errors.append(f"{name}: {error}")
            continue
        if attribute is None:
            return module
        if hasattr(module, attribute):
            return getattr(module, attribute)
        errors.append(f"{name} has no {attribute}")
    raise ImportError(f"{attribute or candidates[0]} not found in this checkout ({'; '.join(errors)})")


def harness_name(name: str):
    """The harness object called ``name`` (see ``LOCATIONS``), wherever this checkout keeps it."""
    if name == "nuts_methods":
        return _first(LOCATIONS[name], None).family("nuts")
    return _first(LOCATIONS[name], name)


def harness_module(name: str):
    """The harness module called ``name`` (see ``MODULES``), wherever this checkout keeps it."""
    return _first(MODULES[name], None)


def floors_csv_paths(checkout_root) -> list:
    """Where a checkout keeps its committed gradient floors, newest layout first."""
    return [checkout_root / "results" / "inputs" / "gradient_floors.csv",
            checkout_root / "results" / "studies" / "gradbench.csv"]
