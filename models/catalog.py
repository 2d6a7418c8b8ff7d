"""The catalog: every posterior twinbench knows, with its exercise number.

Adding a posterior: a dataset module under ``models/datasets`` (if new), one PyMC file, one
NumPyro file with the same name, and one entry below.
"""
from __future__ import annotations

from models.posterior import Posterior

_ENTRIES = [
    Posterior(
        name="linreg_sim-linear_regression", exercise="21.1", family="linear_regression",
        params=("alpha", "beta", "sigma"),
        description="simple linear regression, n=150",
    ),
    Posterior(
        name="mlr_sim-multiple_regression", exercise="21.2", family="multiple_regression",
        params=("alpha", "beta", "sigma"),
        description="multiple regression, 3 predictors, n=200",
    ),
    Posterior(
        name="er_visits-poisson_regression", exercise="21.3, 21.7", family="poisson_regression",
        params=("alpha", "beta_temp", "beta_weekend"),
        options={"prior": ("weak", "tight")},
        description="Poisson regression of daily ER visits, n=90",
    ),
    Posterior(
        name="eight_schools-centered", exercise="21.5", family="eight_schools",
        params=("mu", "tau", "theta"), fixed={"parameterization": "centered"},
        reference_from="eight_schools-noncentered",
        description="hierarchical 8 schools, centered (divergent by design)",
    ),
    Posterior(
        name="eight_schools-noncentered", exercise="21.5, 21.6", family="eight_schools",
        params=("mu", "tau", "theta"), fixed={"parameterization": "noncentered"},
        description="hierarchical 8 schools, non-centered",
    ),
]

POSTERIORS: dict[str, Posterior] = {entry.name: entry for entry in _ENTRIES}


def names() -> list[str]:
    """All posterior names, in catalog order."""
    return list(POSTERIORS)


def get(name: str) -> Posterior:
    """The posterior called ``name``; KeyError naming the valid choices otherwise."""
    try:
        return POSTERIORS[name]
    except KeyError:
        raise KeyError(f"unknown posterior {name!r}; choose from: {', '.join(POSTERIORS)}") from None
