"""Studies: questions answered through the same machinery, returning tables and figure data; they write nothing.

``STUDIES`` lists every exercise study with its exercise numbers and question; ``built`` says
whether its module (``harness/studies/exercises/<name>.py`` with ``run(context) -> StudyResult``)
exists yet; its figure is ``harness/report/figures/<name>.py`` (studies draw nothing). ``twinbench study --list``
prints this; ``twinbench study NAME`` runs one.

``HARNESS_STUDIES`` lists the harness's own studies (about the samplers and the harness itself) under
one small contract: its ``module`` (under ``harness/studies/``, or ``compare/`` for the gradient floors)
computes tidy frames (from records, or by running a
sweep through ``execution``) and returns them; its ``report`` module writes every file;
the verb that runs it is ``command``. Resumable state a study keeps while it measures (the overhead
pairs, the scaling sweep's skipped cells) is data beside its records, not a report.
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
    StudyInfo("regressions", "21.1, 21.2, 21.3",
              "three regressions vs the true values: 94% HDIs, the widest coefficient, weekend vs weekday visits at 85 F",
              built=True),
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


@dataclass(frozen=True)
class HarnessStudy:
    """One of the harness's own studies: its question, the command that runs it, where its frames are
    computed (``module``) and written (``report``), and its outputs."""

    name: str
    question: str
    command: str
    module: str
    report: str
    outputs: str


HARNESS_STUDIES = {study.name: study for study in (
    HarnessStudy("leaderboard", "which NUTS-family method is fastest per posterior, with verdicts and intervals",
                 "twinbench leaderboard", "harness.studies.leaderboard", "harness.report.leaderboard",
                 "leaderboard.{csv,md,png}, leaderboard_posteriors.png, leaderboard_limits.csv"),
    HarnessStudy("aa_test", "does the verdict rule call a method tied with itself, and what slowdown does it detect",
                 "twinbench aa-test (or the leaderboard's sweep)", "harness.studies.aa_test", "harness.report.aa_test",
                 "aa_test.{csv,md}, aa_test_summary.csv"),
    HarnessStudy("scaling", "how cost grows with data size; where the GPU pays; the memory ceiling",
                 "twinbench scale", "harness.studies.scaling", "harness.report.scaling", "scaling_<posterior>.{csv,md,png}"),
    HarnessStudy("chains_precision", "vectorized vs parallel chains and float32 vs float64 per JAX NUTS path; the GPU",
                 "twinbench chains-precision; scripts/gpu-jax-paths", "harness.studies.chains_precision",
                 "harness.report.chains_precision", "chains_precision.{csv,md,png}, chains_precision_runs.csv"),
    HarnessStudy("overhead", "does running through the harness cost ESS/s against the same call written by hand",
                 "twinbench overhead", "harness.studies.overhead", "harness.report.overhead", "harness_overhead.{csv,md}, harness_overhead_pairs.csv"),
    HarnessStudy("gradbench", "the time of one log-density gradient per posterior and backend: the floor of a step",
                 "twinbench gradbench", "harness.compare.gradbench", "harness.report.gradbench", "gradbench.{csv,md}"),
    HarnessStudy("agreement_calibration", "the agreement test's false-alarm rate and its power against planted errors",
                 "twinbench calibrate-agreement", "harness.studies.agreement_calibration", "harness.report.agreement_calibration",
                 "agreement_calibration.{csv,md,png}, agreement_calibration_runs.csv"),
    HarnessStudy("stack_comparison", "the same runs on the old and the new library stack",
                 "scripts/compare-stacks", "harness.studies.stack_comparison", "harness.report.stack_comparison", "stack_comparison.{csv,md}"),
    HarnessStudy("release_timeline", "when a library release moved a benchmark",
                 "make bench-timeline; twinbench release-timeline", "harness.studies.release_timeline", "harness.report.timeline",
                 "release_timeline.{csv,md,png}"),
)}
