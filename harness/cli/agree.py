"""``twinbench agree``: run (or reuse, with --resume) each posterior x method; print the agreement matrix."""
from __future__ import annotations

from harness.cli.options import DEFAULT_METHODS, add_run_arguments, executor_from_args, specs_from


def add_parser(sub):
    """Register ``agree`` on the subcommand set ``sub``."""
    p = sub.add_parser("agree", help="run methods and print the pass/fail agreement matrix vs the references",
                       description="Each run is compared with results/inputs/reference/<posterior>.json (MCSE z tests, "
                                   "Bonferroni, family-wise alpha 0.01). Without -p: every posterior.")
    add_run_arguments(p)
    return p


def cmd(args) -> int:
    """Run (or reuse, with --resume) each posterior x method and print the agreement matrix."""
    from harness.execution.sweep import run_sweep
    from harness.report.table import agreement_matrix
    from models import catalog

    executor = executor_from_args(args)
    specs = specs_from(args, catalog.names(), DEFAULT_METHODS)
    with executor:
        records = run_sweep(specs, args.out, resume=args.resume, executor=executor)
    print(agreement_matrix(records))
    return 0 if all((r.agreement or {}).get("agrees") for r in records) else 1
