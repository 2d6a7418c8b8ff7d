"""Catalog entries for the Normal hierarchical posteriors (21.9-21.11, 21.14, 21.16, 21.18, 21.19, 21.27)."""
from models.posterior import Posterior

ENTRIES = [
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
