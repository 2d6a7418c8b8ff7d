"""``twinbench methods``: the posterior x method capability matrix."""
from __future__ import annotations

from harness.cli.options import add_device_argument


def add_parser(sub):
    """Register ``methods`` on the subcommand set ``sub``."""
    p = sub.add_parser("methods", help="print the posterior x method capability matrix")
    add_device_argument(p, help="device to check: cpu or gpu (default cpu)")
    return p


def cmd(args) -> int:
    """Print the posterior x method capability matrix ('yes' or the reason it is unsupported)."""
    from harness.execution.device import configure_jax
    from harness.records.config import RunConfig

    configure_jax(args.device, RunConfig().chains)
    from harness import methods
    from harness.report.table import capability_matrix
    from models import catalog

    print(capability_matrix(list(catalog.POSTERIORS.values()), list(methods.METHODS.values()), args.device))
    return 0
