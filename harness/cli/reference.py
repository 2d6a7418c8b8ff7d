"""``twinbench reference``: build and store reference posteriors (long NumPyro NUTS, PyMC cross-check)."""
from __future__ import annotations

import sys

from harness.cli.options import (MAX_TIMEOUT, UsageError, add_out_argument, check_count, check_draws_fit,
                                 check_positive, check_sampling, check_seeds, posterior_names, writable_folder)

REFERENCE_RUNS_OUT = "results/runs/reference"


def add_parser(sub):
    """Register ``reference`` on the subcommand set ``sub``."""
    p = sub.add_parser("reference", help="build reference posteriors (long NumPyro NUTS, PyMC cross-check)")
    p.add_argument("-p", "--posterior", help="comma-separated posterior names, or 'all' (default)")
    p.add_argument("--draws", type=int, default=5000, help="initial draws per chain; raised until ESS > 10,000")
    p.add_argument("--tune", type=int, default=2000, help="warm-up iterations per chain (default 2000)")
    p.add_argument("--chains", type=int, default=4, help="chains (default 4)")
    p.add_argument("--seed", type=int, default=20261125, help="seed of the reference run (the cross-check: seed + 1)")
    p.add_argument("--target-accept", type=float, default=0.95,
                   help="NUTS target acceptance of the reference run (default 0.95: small steps, no divergences)")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per run (default 3600)")
    p.add_argument("--cross-check-draws", type=int, default=1000,
                   help="draws per chain of the PyMC cross-check run (default 1000)")
    p.add_argument("--cross-check-timeout", type=float, default=3600.0,
                   help="seconds before the PyMC cross-check is given up (recorded as timeout)")
    p.add_argument("--skip-existing", action="store_true", help="only build references that are missing")
    p.add_argument("--ref-dir", help="where to write references (default results/inputs/reference)")
    add_out_argument(p, REFERENCE_RUNS_OUT)
    return p


def cmd(args) -> int:
    """Build and store reference posteriors."""
    from harness.execution.reference_build import REFERENCE_DIR, build_reference, reference_path
    from harness.records.config import RunConfig

    names = posterior_names(args.posterior, ["all"])
    check_sampling(args.draws, args.tune, args.chains)
    check_count(args.cross_check_draws, "--cross-check-draws")
    check_draws_fit(args.cross_check_draws, args.chains, flag="--cross-check-draws")
    check_seeds(args.seed, 2)
    check_positive(args.timeout, "--timeout", MAX_TIMEOUT)
    check_positive(args.cross_check_timeout, "--cross-check-timeout", MAX_TIMEOUT)
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed,
                       target_accept=args.target_accept, timeout=args.timeout)
    try:
        config.validate()
    except ValueError as error:
        raise UsageError(str(error)) from None
    ref_dir = writable_folder(args.ref_dir or REFERENCE_DIR, "--ref-dir")
    writable_folder(args.out, "--out")
    cross_check = RunConfig(draws=args.cross_check_draws, tune=1000, chains=args.chains, seed=args.seed + 1,
                            target_accept=args.target_accept, timeout=args.cross_check_timeout)
    if args.skip_existing:
        names = [n for n in names if not reference_path(n, ref_dir).exists()]
    rows = []
    for index, name in enumerate(names, 1):
        log = lambda line, i=index: print(f"[{i}/{len(names)}] {line}", file=sys.stderr, flush=True)
        ref = build_reference(name, config, args.out, ref_dir, cross_check=cross_check, log=log)
        cross = (ref.get("cross_check") or {}).get("agreement") or {}
        rows.append((name, "yes" if ref.get("meets_bar") else "NO: " + "; ".join(ref.get("bar_failures", [])),
                     ref["diagnostics"]["ess_bulk_min"], ref["diagnostics"]["rhat_max"],
                     ref["diagnostics"]["divergences"], cross.get("agrees"), ref.get("reference_from") or "-"))
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["posterior", "meets bar", "min ESS", "R-hat", "div", "PyMC agrees",
                                        "reference from"])
    print(frame.to_string(index=False, formatters={"min ESS": "{:.0f}".format, "R-hat": "{:.4f}".format}))
    return 0
