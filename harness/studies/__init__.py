"""Studies: the exercises' questions, run through the same machinery, returning tables and figure data.

``STUDIES`` lists every exercise study with its exercise numbers and question; ``built`` says
whether its module (``harness/studies/exercises/<name>.py`` with ``run(context) -> StudyResult``)
exists yet; its figure is ``harness/report/figures/<name>.py`` (studies draw nothing). ``twinbench study --list`` prints this; ``twinbench study NAME`` runs one.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class StudyInfo:
    """One exercise question answered by a study module of the same name."""

    name: str
    exercises: str
    question: str
    built: bool = False

    def module(self):
        """The study's module (``run(context) -> StudyResult``)."""
        if not self.built:
            raise KeyError(f"study {self.name!r} is not built yet")
        return importlib.import_module(f"harness.studies.exercises.{self.name}")


STUDIES = {info.name: info for info in (
    StudyInfo("diagnostics", "21.4", "R-hat, ESS bulk/tail, efficiency and divergences, pass/fail per check",
              built=True),
    StudyInfo("centered_vs_noncentered", "21.5", "divergences of centered vs non-centered eight schools, and where",
              built=True),
    StudyInfo("target_accept", "21.6", "divergences, ESS and time over target_accept 0.65-0.99", built=True),
    StudyInfo("prior_predictive", "21.7, 21.8a", "1,000 prior-predictive datasets: weak vs tight priors", built=True),
    StudyInfo("workflow_conversion", "21.8", "the Bayesian workflow on the conversion pages", built=True),
    StudyInfo("tau_sensitivity", "21.9", "mu_pop and hospital estimates under three tau priors", built=True),
    StudyInfo("shrinkage_ranking", "21.10, 21.11, 21.17", "shrinkage, P(best school), lunch_pct, market HDIs",
              built=True),
    StudyInfo("loo_compare", "21.12, 21.13, 21.15, 21.26", "PSIS-LOO comparisons of each model set", built=True),
    StudyInfo("loo_waic", "21.14", "PSIS-LOO and WAIC of complete pooling, no pooling and hierarchical eight schools",
              built=True),
    StudyInfo("meta_analysis", "21.16", "DerSimonian-Laird vs the hierarchical model", built=True),
    StudyInfo("effect_threshold", "21.18, 21.19, 21.27", "posterior probabilities of practical effects", built=True),
    StudyInfo("trajectories", "21.20", "posterior trajectories of a large, a medium and a small category", built=True),
    StudyInfo("ab_decisions", "21.21", "A/B decisions: P(B > A), expected loss, accuracy vs a z-test", built=True),
    StudyInfo("vi_vs_nuts", "21.22, 21.25b", "each VI method against NUTS: marginals, KL, time", built=True),
    StudyInfo("glmm", "21.23", "hospital response probabilities vs a frequentist GLMM", built=True),
    StudyInfo("sbc", "21.24", "simulation-based calibration of NUTS (both backends) and ADVI", built=True),
    StudyInfo("minibatch", "21.25", "minibatch methods vs batch size: where estimates diverge", built=True),
)}


def get(name: str) -> StudyInfo:
    """The study called ``name``; KeyError naming the choices otherwise."""
    try:
        return STUDIES[name]
    except KeyError:
        raise KeyError(f"unknown study {name!r}; choose from: {', '.join(STUDIES)}") from None
