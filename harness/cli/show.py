"""``twinbench show``: the table of the run records stored in a folder."""
from __future__ import annotations

from harness.cli.options import RUNS_OUT, add_out_argument, readable_folder


def add_parser(sub):
    """Register ``show`` on the subcommand set ``sub``."""
    p = sub.add_parser("show", help="print the table of stored run records")
    add_out_argument(p, RUNS_OUT, help=f"folder of run records to read (default {RUNS_OUT})")
    return p


def cmd(args) -> int:
    """Print the table of every record stored in a folder."""
    readable_folder(args.out, "--out")
    from harness.records.store import read_records
    from harness.report.table import format_table

    print(format_table(read_records(args.out)))
    return 0
