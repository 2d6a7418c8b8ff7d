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

    Posterior(
        name="medicore-hierarchical", exercise="21.9, 21.16, 21.27", family="medicore",
        params=("mu_pop", "tau", "theta"),
        options={"tau_prior": ("halfcauchy10", "halfcauchy1", "halfcauchy50"),
                 "mu_prior": ("weak", "elicited_normal", "elicited_t")},
        description="MediCore hospital treatment effects (mmHg), 12 hospitals, non-centered",
    ),
    Posterior(
        name="diabetes_trial-hierarchical", exercise="21.18", family="diabetes_trial",
        params=("mu", "tau", "sigma", "theta"),
        options={"prior": ("informative", "weak")},
        description="HbA1c reduction, 6 trial sites, patient level (n=881), non-centered",
    ),
    Posterior(
        name="ocean_basins-hierarchical_trends", exercise="21.19", family="ocean_trends",
        params=("mu_beta", "tau_beta", "beta", "alpha", "sigma"),
        description="warming trends of 10 ocean basins, annual anomalies (n=315), non-centered slopes",
    ),
    Posterior(
        name="reading_scores-hierarchical", exercise="21.10", family="reading_scores",
        params=("mu", "tau", "theta"), fixed={"predictor": "none"},
        description="reading scores of 15 schools, non-centered",
    ),
    Posterior(
        name="reading_scores-hierarchical_lunch", exercise="21.11", family="reading_scores",
        params=("mu", "beta", "tau", "theta"), fixed={"predictor": "lunch"},
        description="reading scores of 15 schools with a lunch_pct predictor, non-centered",
    ),
    Posterior(
        name="eight_schools-complete_pooling", exercise="21.14", family="eight_schools",
        params=("mu",), fixed={"pooling": "complete"},
        description="8 schools, complete pooling",
    ),
    Posterior(
        name="eight_schools-no_pooling", exercise="21.14", family="eight_schools",
        params=("theta",), fixed={"pooling": "none"},
        description="8 schools, no pooling (independent N(0, 20) effects)",
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
