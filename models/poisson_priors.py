"""Prior settings of the ER-visits Poisson regression (21.3, 21.7), shared by both twins.

``weak``: the 21.3 weakly informative priors; the prior predictive allows absurd daily counts,
which is the point of exercise 21.7. ``tight``: the 21.7 revision, centred on a plausible
log rate (about 30 visits a day) with modest effects per 10 F and for weekends.
"""

PRIORS = {
    # name: (intercept mean, intercept sd, slope sd)
    "weak": (0.0, 5.0, 1.0),
    "tight": (3.4, 0.5, 0.3),
}


def prior_scales(prior: str) -> tuple[float, float, float]:
    """Return (intercept mean, intercept sd, slope sd) for a named prior, or raise ValueError."""
    if prior not in PRIORS:
        raise ValueError(f"unknown prior {prior!r}; choose from {sorted(PRIORS)}")
    return PRIORS[prior]
