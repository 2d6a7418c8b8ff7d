"""``twinbench methods``: the posterior x method capability matrix."""
from __future__ import annotations

from harness.cli.options import add_device_argument


def add_parser(sub):
    """Register ``methods`` on the subcommand set ``sub``."""
    p = sub.add_parser("methods", help="print the posterior x method capability matrix")
    add_device_argument(p, help="device to check: cpu or gpu (default cpu)")
    p.add_argument("--family", choices=FAMILIES, help="only the methods of one family (nuts: full-data NUTS; mcmc: "
                                                      "other gradient MCMC; smc; vi; minibatch)")
    p.add_argument("--chain-method", choices=("sequential", "parallel", "vectorized"),
                   help="check this chain layout too (the methods that do not lay chains out say so)")
    p.add_argument("--precision", choices=("float64", "float32"), help="check this precision too (default float64)")
    return p


FAMILIES = ("nuts", "mcmc", "smc", "vi", "minibatch")


def cmd(args) -> int:
    """Print the posterior x method capability matrix ('yes' or the reason it is unsupported)."""
    from harness.execution.device import configure_jax
    from harness.records.config import RunConfig

    configure_jax(args.device, RunConfig().chains)
    from harness import methods
    from harness.report.table import capability_matrix
    from models import catalog

    chosen = [m for m in methods.METHODS.values() if args.family in (None, m.family)]
    print(capability_matrix(list(catalog.POSTERIORS.values()), chosen, args.device, args.chain_method,
                            args.precision))
    return 0
