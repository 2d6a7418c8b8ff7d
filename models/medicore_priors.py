"""Prior settings of the MediCore hierarchical model (21.9, 21.16, 21.27), shared by both twins.

``tau_prior`` (21.9): tau ~ HalfCauchy(scale) with scale 10 (moderate, the default), 1 (tight)
or 50 (diffuse).

``mu_prior`` (21.27):
- ``weak``: mu_pop ~ Normal(0, 50), weakly informative on the mmHg scale.
- ``elicited_normal``: the MATCH fit of the expert's belief (median 9, 5th percentile 2,
  95th percentile 16): mu_pop ~ Normal(9, 7 / z_0.95) = Normal(9, 4.2557).
- ``elicited_t``: a Student-t with the same median and the same 5th/95th percentiles, with
  heavier tails: df = 3, scale = 7 / t_0.95(3) = 2.9744.
The quantile-matched scales are computed with scipy when this module is imported.
"""
from scipy import stats

ELICITED_MEDIAN = 9.0
ELICITED_HALF_WIDTH = 7.0  # 95th percentile (16) minus the median; 5th percentile is 2
ELICITED_T_DF = 3.0

TAU_SCALES = {"halfcauchy10": 10.0, "halfcauchy1": 1.0, "halfcauchy50": 50.0}

MU_PRIORS = {
    # name: (df, loc, scale); df None means Normal
    "weak": (None, 0.0, 50.0),
    "elicited_normal": (None, ELICITED_MEDIAN, ELICITED_HALF_WIDTH / float(stats.norm.ppf(0.95))),
    "elicited_t": (ELICITED_T_DF, ELICITED_MEDIAN,
                   ELICITED_HALF_WIDTH / float(stats.t.ppf(0.95, ELICITED_T_DF))),
}


def tau_scale(tau_prior: str) -> float:
    """Return the HalfCauchy scale of tau for a named prior, or raise ValueError."""
    if tau_prior not in TAU_SCALES:
        raise ValueError(f"unknown tau_prior {tau_prior!r}; choose from {sorted(TAU_SCALES)}")
    return TAU_SCALES[tau_prior]


def mu_prior_params(mu_prior: str) -> tuple[float | None, float, float]:
    """Return (df or None for Normal, loc, scale) of mu_pop's prior, or raise ValueError."""
    if mu_prior not in MU_PRIORS:
        raise ValueError(f"unknown mu_prior {mu_prior!r}; choose from {sorted(MU_PRIORS)}")
    return MU_PRIORS[mu_prior]
