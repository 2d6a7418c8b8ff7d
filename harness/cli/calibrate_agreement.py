"""``twinbench calibrate-agreement``: the agreement test's false-alarm rate and power (seeded repeated runs)."""
from __future__ import annotations

import math
import sys

from harness.cli.options import (MAX_REPEATS, MAX_TUNE, UsageError, add_studies_dir_argument, check_count,
                                 check_draws_fit, check_sampling, check_seeds, writable_folder)

BATCH_RUNS = 25  # runs simulated at once as one vectorised NumPyro call (agreement_calibration.seeded_runs)


def add_parser(sub):
    """Register ``calibrate-agreement`` on the subcommand set ``sub``."""
    p = sub.add_parser("calibrate-agreement",
                       help="measure the agreement test's false-alarm rate and power (seeded repeated runs)")
    p.add_argument("--repeats", type=int, default=100, help="seeded runs per scenario (default 100)")
    p.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p.add_argument("--tune", type=int, default=1000, help="warm-up of the correct runs (default 1000)")
    p.add_argument("--short-tune", type=int, default=20, help="warm-up of the planted short-warm-up runs")
    p.add_argument("--chains", type=int, default=4, help="chains per run (default 4)")
    p.add_argument("--seed", type=int, default=1000, help="first seed (default 1000)")
    add_studies_dir_argument(p, "the tables and plot")
    return p


def _scenarios(short_tune: int) -> list:
    from harness.studies.agreement_calibration import Scenario

    return [
        Scenario("correct: eight_schools-noncentered", "eight_schools-noncentered", True),
        Scenario("correct: linreg_sim-linear_regression", "linreg_sim-linear_regression", True),
        Scenario("planted: tau prior scale x1.1 (eight schools)", "eight_schools-noncentered", False,
                 prior_site="tau", prior_factor=1.1),
        Scenario("planted: sigma prior scale x1.1 (linreg)", "linreg_sim-linear_regression", False,
                 prior_site="sigma", prior_factor=1.1),
        Scenario(f"planted: warm-up of {short_tune} (eight schools)", "eight_schools-noncentered", False,
                 tune=short_tune),
    ]


def cmd(args) -> int:
    """Measure the agreement test's false-alarm rate and its power against planted errors."""
    from harness.quality.reference import reference_path

    check_count(args.repeats, "--repeats", MAX_REPEATS)
    check_sampling(args.draws, args.tune, args.chains)
    check_count(args.short_tune, "--short-tune", MAX_TUNE)
    check_draws_fit(args.draws, args.chains, copies=min(args.repeats, BATCH_RUNS))
    check_seeds(args.seed, math.ceil(args.repeats / BATCH_RUNS))
    studies_dir = writable_folder(args.studies_dir, "--studies-dir")
    scenarios = _scenarios(args.short_tune)
    for name in dict.fromkeys(s.posterior for s in scenarios):
        if not reference_path(name).exists():
            raise UsageError(f"no reference for {name}; run `twinbench reference -p {name}`")

    from harness.execution.device import configure_jax

    configure_jax("cpu", args.chains)
    from harness.records.config import RunConfig
    from harness.report.agreement_calibration import write_agreement_calibration
    from harness.studies.agreement_calibration import run_study

    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed)
    try:
        per_run, summary = run_study(scenarios, args.repeats, config,
                                     progress=lambda line: print(line, file=sys.stderr, flush=True))
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    write_agreement_calibration(per_run, summary, studies_dir)
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"written: {args.studies_dir}/agreement_calibration.{{csv,md,png}} and agreement_calibration_runs.csv")
    return 0
