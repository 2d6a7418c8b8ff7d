"""Named run sets: ``quick`` (what ``make run`` does), ``standard`` (the leaderboard), ``full`` (every method),
``posteriordb`` (posteriordb's reference posteriors x NUTS methods: the second leaderboard)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suite:
    """Which posteriors and methods, how many seeds, and the per-run time limit (seconds)."""

    name: str
    description: str
    posteriors: tuple[str, ...] | None  # None: every catalog posterior of ``source``
    methods: tuple[str, ...] | None  # None: every method of ``families``
    families: tuple[str, ...] = ("nuts",)
    seeds: int = 1
    timeout: float = 900.0
    source: str = "exercises"  # the catalog's suite (Posterior.suite) whose posteriors ``posteriors=None`` means

    def posterior_names(self) -> list[str]:
        """The suite's posteriors, in catalog order (those of ``source``: scaling posteriors such as
        tennis_sim belong to ``twinbench scale``, not to a leaderboard)."""
        from models import catalog

        if self.posteriors:
            return list(self.posteriors)
        return [name for name in catalog.names() if catalog.get(name).suite == self.source]

    def method_names(self) -> list[str]:
        """The suite's methods, in registry order."""
        from harness import methods

        if self.methods:
            return list(self.methods)
        return [name for family in self.families for name in methods.family(family)]


QUICK_POSTERIORS = ("linreg_sim-linear_regression", "mlr_sim-multiple_regression", "er_visits-poisson_regression",
                    "eight_schools-centered", "eight_schools-noncentered")
QUICK_METHODS = ("pymc.default", "pymc.nuts", "numpyro.nuts")

SUITES = {suite.name: suite for suite in (
    Suite("quick", "5 posteriors x pymc.default, pymc.nuts, numpyro.nuts, one seed (make run)",
          QUICK_POSTERIORS, QUICK_METHODS),
    Suite("standard", "every exercise posterior x every NUTS-family method x 5 seeds, 300 s per run (the leaderboard)",
          None, None, seeds=5, timeout=300.0),
    Suite("full", "every exercise posterior x every method (NUTS, other MCMC, SMC, VI, minibatch) x 5 seeds, 300 s per run",
          None, None, families=("nuts", "mcmc", "smc", "vi", "minibatch"), seeds=5, timeout=300.0),
    Suite("posteriordb", "posteriordb's reference posteriors x every NUTS-family method x 5 seeds, 900 s per run",
          None, None, seeds=5, timeout=900.0, source="posteriordb"),
)}


def get(name: str) -> Suite:
    """The suite called ``name``; KeyError naming the choices otherwise."""
    try:
        return SUITES[name]
    except KeyError:
        raise KeyError(f"unknown suite {name!r}; choose from: {', '.join(SUITES)}") from None
