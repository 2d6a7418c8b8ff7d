"""``twinbench run``: posterior x method with one config; prints the table and writes the records."""
from __future__ import annotations

from harness.cli.options import DEFAULT_METHODS, DEFAULT_POSTERIORS, add_run_arguments, executor_from_args, specs_from


def add_parser(sub):
    """Register ``run`` on the subcommand set ``sub``."""
    p = sub.add_parser("run", help="run methods on posteriors; no arguments runs the default quick suite",
                       description="Run each posterior x method in its own process and print a table. "
                                   "Without -p/-m: the 5 skeleton posteriors x both NUTS methods.")
    add_run_arguments(p)
    p.add_argument("--suite", help="a named run set: quick (make run), standard (the leaderboard: every posterior x "
                                   "NUTS-family method x 5 seeds), full (every method), posteriordb (posteriordb's "
                                   "reference posteriors x NUTS-family methods x 5 seeds); -p/-m/--seeds override it")
    return p


def cmd(args) -> int:
    """Run posterior x method with one config, print the table, write records."""
    from harness.execution.sweep import run_sweep
    from harness.report.table import format_table

    executor = executor_from_args(args)
    specs = specs_from(args, DEFAULT_POSTERIORS, DEFAULT_METHODS)
    with executor:
        records = run_sweep(specs, args.out, resume=args.resume, executor=executor)
    print(format_table(records))
    if args.seeds > 1:
        from harness.report.comparison import comparison_text

        print()
        print(comparison_text(records, factor=args.equivalence))
    return 0 if all(r.ok or r.status.startswith("unsupported") for r in records) else 1
