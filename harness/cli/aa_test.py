"""``twinbench aa-test``: each method against itself, seeds 0..N-1 vs N..2N-1, in the leaderboard's schedule
and records folder; writes aa_test.{csv,md}."""
from __future__ import annotations

from harness.cli.options import (AA_METHODS, LEADERBOARD_OUT, MAX_SEEDS, UsageError, add_run_arguments,
                                 add_studies_dir_argument, check_count, executor_from_args, records_of, specs_from,
                                 writable_folder)
from harness.execution.schedule import interleaved_schedule

DEFAULT_SEEDS = 5


def add_parser(sub):
    """Register ``aa-test`` on the subcommand set ``sub``."""
    p = sub.add_parser("aa-test", help="the verdict rule on a method against itself (two disjoint seed sets)",
                       description="Runs (with resume) seeds 0..2N-1 of each method on each posterior in the "
                                   "leaderboard's schedule (per posterior, seed r then seed N+r), into the "
                                   "leaderboard's records folder, whose sweep runs the same seeds; then judges "
                                   "seeds 0..N-1 against N..2N-1.")
    add_run_arguments(p, out=LEADERBOARD_OUT,
                      seeds_help=f"N, the seeds of each set: --seed..--seed+N-1 against the next N (default "
                                 f"{DEFAULT_SEEDS})")
    p.add_argument("--report-only", action="store_true", help="judge existing records only")
    add_studies_dir_argument(p, "aa_test.*")
    p.set_defaults(method=AA_METHODS, seeds=DEFAULT_SEEDS)
    return p


def cmd(args) -> int:
    """Compare each method with itself (seeds 0..N-1 vs N..2N-1) on every posterior; write aa_test.{csv,md}."""
    from harness.execution.sweep import run_sweep
    from harness.report.aa_test import write_aa_test

    half = check_count(args.seeds, "--seeds", MAX_SEEDS // 2)
    first_seed = args.seed
    args.seeds = 2 * half
    args.suite = "standard"
    executor = executor_from_args(args)
    writable_folder(args.studies_dir, "--studies-dir")
    specs = interleaved_schedule(specs_from(args, [], [], read_only=args.report_only), first_seed, half)
    if not args.report_only:
        with executor:
            run_sweep(specs, args.out, resume=True, executor=executor)
    records = records_of(specs, args.out)
    try:
        paths, summary = write_aa_test(records, first_seed, half, args.equivalence, args.out, args.studies_dir)
    except ValueError as error:
        raise UsageError(f"{error} in {args.out}; run without --report-only first") from None
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print("written: " + ", ".join(map(str, paths)))
    return 0
