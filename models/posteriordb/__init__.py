"""posteriordb's reference posteriors, twinned: every module here (but ``entry``) lists ``ENTRIES``.

Stan's transformed data that both twins of a family compute (design matrices, centring) live once in
``models/posteriordb/transforms/<family>.py``.

Twins are ``models/pymc/pdb_<family>.py`` and ``models/numpyro/pdb_<family>.py``, written from the Stan
program in ``results/inputs/posteriordb/stan`` (the specification), with Stan's parameter names; posteriors
that cannot be twinned faithfully are in ``UNSUPPORTED`` with the reason.
"""
from __future__ import annotations

import importlib
import pkgutil

from models.posterior import Posterior

UNSUPPORTED: dict[str, str] = {
    "mcycle_gp-accel_gp": "posteriordb's reference draws for it are missing from the stored snapshot "
                          "(its largest files are not carried); no external reference to judge a twin by",
}


def entries() -> list[Posterior]:
    """Every posteriordb entry, module by module in name order."""
    found = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "entry" and not m.ispkg):
        found += importlib.import_module(f"{__name__}.{module}").ENTRIES
    return found
