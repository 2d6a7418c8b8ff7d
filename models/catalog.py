"""The catalog: every posterior twinbench knows, with its exercise number.

Adding a posterior: a dataset module under ``models/datasets`` (if new), one PyMC file, one
NumPyro file with the same name, and one entry below. ``exercise`` is the chapter's exercise
number (``21.x``), or for a posterior from beyond the chapter its source (``blog: ...``; ``posteriordb``:
the entries listed in ``models/posteriordb/``, docs/adding-a-posterior.md).
"""
from __future__ import annotations

from models import posteriordb
from models.holdout import FOLDS, holdouts
from models.posterior import Posterior

CHAPTER_PREFIX = "21."  # exercises of the chapter; other entries name their source instead
BLOG_EXERCISE = "blog: Ingram 2021"  # "MCMC for big datasets: faster sampling with JAX and the GPU"
# ``holdout=i`` / ``fold=k`` (models/holdout.py): observation i's / fold k's likelihood left out, every parameter
# kept (exact leave-one-out and K-fold refits, harness/studies/predictive/exact_loo.py); None = all data
HOLDOUT_8 = holdouts(8)
HOLDOUT_5 = holdouts(5)
HOLDOUT_15 = holdouts(15)

_ENTRIES = [
    Posterior(
        name="linreg_sim-linear_regression", exercise="21.1", family="linear_regression",
        params=("alpha", "beta", "sigma"), sizeable=True,
        description="simple linear regression, n=150 (x size)",
    ),
    Posterior(
        name="mlr_sim-multiple_regression", exercise="21.2", family="multiple_regression",
        params=("alpha", "beta", "sigma"), sizeable=True,
        description="multiple regression, 3 predictors, n=200 (x size)",
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
        options={"holdout": HOLDOUT_8},
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
        options={"prior": ("informative", "weak")}, sizeable=True,
        description="HbA1c reduction, 6 trial sites, patient level (n=881, site counts x size), non-centered",
    ),
    Posterior(
        name="ocean_basins-hierarchical_trends", exercise="21.19", family="ocean_trends",
        params=("mu_beta", "tau_beta", "beta", "alpha", "sigma"),
        description="warming trends of 10 ocean basins, annual anomalies (n=315), non-centered slopes",
    ),
    Posterior(
        name="reading_scores-hierarchical", exercise="21.10", family="reading_scores",
        params=("mu", "tau", "theta"), fixed={"predictor": "none"}, options={"holdout": HOLDOUT_15},
        description="reading scores of 15 schools, non-centered",
    ),
    Posterior(
        name="reading_scores-hierarchical_lunch", exercise="21.11", family="reading_scores",
        params=("mu", "beta", "tau", "theta"), fixed={"predictor": "lunch"}, options={"holdout": HOLDOUT_15},
        description="reading scores of 15 schools with a lunch_pct predictor, non-centered",
    ),
    Posterior(
        name="eight_schools-complete_pooling", exercise="21.14", family="eight_schools",
        params=("mu",), fixed={"pooling": "complete"}, options={"holdout": HOLDOUT_8},
        description="8 schools, complete pooling",
    ),
    Posterior(
        name="eight_schools-no_pooling", exercise="21.14", family="eight_schools",
        params=("theta",), fixed={"pooling": "none"}, options={"holdout": HOLDOUT_8, "fold": FOLDS},
        description="8 schools, no pooling (independent N(0, 20) effects)",
    ),
    Posterior(
        name="conversion_pages-hierarchical", exercise="21.8", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"}, options={"holdout": HOLDOUT_5},
        description="hierarchical Beta-Binomial (mu, kappa) of 5 landing-page conversion rates",
    ),
    Posterior(
        name="conversion_pages-no_pooling", exercise="21.8", family="beta_binomial",
        params=("theta",), fixed={"prior": "beta_2_20"}, options={"holdout": HOLDOUT_5},
        description="independent Beta(2, 20) conversion rates of 5 landing pages (no pooling)",
    ),
    Posterior(
        name="pricing_markets-hierarchical", exercise="21.17", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"},
        description="hierarchical Beta-Binomial (mu, kappa) of conversion rates in 8 pricing markets",
    ),
    Posterior(
        name="ab_test-beta_binomial", exercise="21.21", family="beta_binomial",
        params=("theta",), fixed={"prior": "beta_1_1"},
        description="A/B test, Beta(1, 1) rates of two arms (theta[0] = A, theta[1] = B), 10,000 visitors each",
    ),
    Posterior(
        name="streamrec-beta_binomial_mu_kappa", exercise="21.13", family="beta_binomial",
        params=("mu", "kappa", "theta"), fixed={"prior": "mu_kappa"}, options={"fold": FOLDS},
        description="StreamRec hierarchical Beta-Binomial, (mu, kappa) form, 25 categories",
    ),
    Posterior(
        name="streamrec-beta_binomial_alpha_beta", exercise="21.13", family="beta_binomial",
        params=("alpha", "beta", "theta"), fixed={"prior": "alpha_beta"}, options={"fold": FOLDS},
        description="StreamRec hierarchical Beta-Binomial, alpha, beta ~ Exponential(1), 25 categories",
    ),
    Posterior(
        name="streamrec-logit_normal", exercise="21.13", family="logit_normal",
        params=("mu", "sigma", "theta"), options={"parameterization": ("centered", "noncentered")},
        description="StreamRec logit-normal hierarchical binomial, 25 categories",
    ),
    Posterior(
        name="streamrec_monthly-random_walk", exercise="21.20", family="logit_normal_walk",
        params=("mu0", "sigma0", "sigma_walk", "theta"),
        description="StreamRec rates as logit random walks over 12 months, 25 categories, non-centered",
    ),
    Posterior(
        name="nested_regression-intercept_only", exercise="21.15", family="nested_regression",
        params=("alpha", "sigma"), fixed={"predictors": "none"},
        description="nested regressions, intercept only, n=300",
    ),
    Posterior(
        name="nested_regression-x1", exercise="21.15", family="nested_regression",
        params=("alpha", "beta", "sigma"), fixed={"predictors": "x1"},
        description="nested regressions, x1, n=300",
    ),
    Posterior(
        name="nested_regression-x1_x2", exercise="21.15", family="nested_regression",
        params=("alpha", "beta", "sigma"), fixed={"predictors": "x1_x2"},
        description="nested regressions, x1 + x2 (the true model), n=300",
    ),
    Posterior(
        name="nested_regression-x1_x2_x3", exercise="21.15", family="nested_regression",
        params=("alpha", "beta", "sigma"), fixed={"predictors": "x1_x2_x3"},
        description="nested regressions, x1 + x2 + irrelevant x3, n=300",
    ),
    Posterior(
        name="nested_regression-x1_x2_x3_noise10", exercise="21.15", family="nested_regression",
        params=("alpha", "beta", "sigma"), fixed={"predictors": "x1_x2_x3_noise10"},
        description="nested regressions, x1 + x2 + x3 + 10 irrelevant predictors, n=300",
    ),
    Posterior(
        name="retail_stores-varying_slopes", exercise="21.12", family="retail_sales",
        params=("mu_alpha", "mu_beta", "sd_alpha", "sd_beta", "rho", "alpha", "beta", "sigma"),
        fixed={"slopes": "varying"}, options={"parameterization": ("centered", "noncentered")},
        description="sales vs ad spend, 20 stores x 24 months, correlated varying intercepts and slopes, LKJ(2)",
    ),
    Posterior(
        name="retail_stores-varying_intercepts", exercise="21.12", family="retail_sales",
        params=("mu_alpha", "sd_alpha", "alpha", "beta", "sigma"),
        fixed={"slopes": "common"}, options={"parameterization": ("centered", "noncentered")},
        description="sales vs ad spend, 20 stores x 24 months, varying intercepts, common slope",
    ),
    Posterior(
        name="medicore_response-hierarchical_logistic", exercise="21.23", family="medicore_logistic",
        params=("mu_alpha", "sigma_alpha", "alpha", "beta_age", "beta_bmi"), sizeable=True,
        minibatch_axis="patients",
        description="hierarchical logistic regression of treatment response, 12 hospitals, ~3,600 patients",
    ),
    Posterior(
        name="streamrec_events-hierarchical_logit", exercise="21.25", family="streamrec_logit",
        params=("mu", "sigma", "a", "b"), sizeable=True,
        options={"parameterization": ("centered", "noncentered")},
        minibatch_axis="events",
        description="hierarchical logistic model of engagement events, 25 categories, 10,000 events",
    ),
    Posterior(
        name="medicore_3level-three_level", exercise="21.26", family="medicore_multilevel",
        params=("mu", "tau_country", "tau_hospital", "sigma"), fixed={"structure": "three_level"},
        description="treatment effects, patients in hospitals in 5 countries, non-centered",
    ),
    Posterior(
        name="medicore_3level-two_level", exercise="21.26", family="medicore_multilevel",
        params=("mu", "tau_hospital", "sigma"), fixed={"structure": "two_level"},
        description="treatment effects, patients in hospitals, hospital level only, non-centered",
    ),
    Posterior(
        name="tennis_sim-bradley_terry", exercise=BLOG_EXERCISE, family="bradley_terry",
        params=("player_sd", "tracked_skill"), sizeable=True, minibatch_axis="matches",
        description="Bradley-Terry skills of 3,000 simulated tennis players, 16,042 matches "
                    "(size 1 = the blog's 160,420), non-centered",
    ),
]

def _exercise_key(entry: Posterior) -> tuple:
    """Chapter exercises in their order, then the posteriors from beyond the chapter, then posteriordb's by name."""
    first = entry.exercise.split(",")[0].strip()
    if entry.suite == "posteriordb":
        return (2, entry.name)
    if not first.startswith(CHAPTER_PREFIX):
        return (1, first)
    return (0, *(int(part) for part in first.split(".")))


POSTERIORS: dict[str, Posterior] = {entry.name: entry for entry in sorted(_ENTRIES + posteriordb.entries(),
                                                                           key=_exercise_key)}


def names() -> list[str]:
    """All posterior names, in catalog order."""
    return list(POSTERIORS)


def get(name: str) -> Posterior:
    """The posterior called ``name``; KeyError naming the valid choices otherwise."""
    try:
        return POSTERIORS[name]
    except KeyError:
        raise KeyError(f"unknown posterior {name!r}; choose from: {', '.join(POSTERIORS)}") from None
