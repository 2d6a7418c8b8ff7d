"""``twinbench overhead``: ESS/s through the harness vs the same library call by hand, per posterior x NUTS method."""
from __future__ import annotations

import sys
from pathlib import Path

from harness.cli.options import (MAX_REPEATS, UsageError, add_out_argument, add_studies_dir_argument, check_count,
                                 check_sampling, check_seeds, method_names, posterior_names, writable_folder)

OVERHEAD_RUNS_OUT = "results/runs/overhead"
DEFAULT_POSTERIORS = "eight_schools-noncentered,linreg_sim-linear_regression"
DEFAULT_METHODS = "pymc.nuts,numpyro.nuts"


def add_parser(sub):
    """Register ``overhead`` on the subcommand set ``sub``."""
    p = sub.add_parser("overhead", help="ESS/s through the harness vs the same library call by hand")
    p.add_argument("-p", "--posterior", default=DEFAULT_POSTERIORS,
                   help=f"comma-separated posteriors (default {DEFAULT_POSTERIORS})")
    p.add_argument("-m", "--method", default=DEFAULT_METHODS,
                   help="methods with a hand-written twin (harness/studies/handwritten.py), comma-separated")
    p.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    p.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    p.add_argument("--chains", type=int, default=4, help="number of chains (default 4)")
    p.add_argument("--seed", type=int, default=0, help="random seed, the same on both sides (default 0)")
    p.add_argument("--repeats", type=int, default=5,
                   help="interleaved repeats per pair (median paired ratio with 95%% interval; default 5)")
    add_out_argument(p, OVERHEAD_RUNS_OUT, help=f"folder for the harness run records (default {OVERHEAD_RUNS_OUT})")
    add_studies_dir_argument(p, "harness_overhead.{csv,md} and the pairs measured so far "
                                "(harness_overhead_pairs.csv, written as each pair finishes)")
    p.add_argument("--resume", action="store_true",
                   help="keep the pairs already in harness_overhead_pairs.csv and run only the missing ones")
    return p


def cmd(args) -> int:
    """ESS/sec through the harness vs the same library call by hand, per posterior x NUTS method."""
    from harness.records.config import RunConfig
    from harness.report.overhead import write_overhead
    from harness.studies.handwritten import HANDWRITTEN, NO_HAND_TWIN
    from harness.studies.overhead import OverheadPairFailed, measure_overhead

    posteriors = posterior_names(args.posterior, [])
    methods = method_names(args.method, [])
    for m in methods:
        if m not in HANDWRITTEN:
            raise UsageError(f"no hand-written twin of {m} ({NO_HAND_TWIN.get(m, 'not a NUTS-family method')}); "
                             f"choose from {', '.join(HANDWRITTEN)}")
    if not posteriors or not methods:
        raise UsageError("overhead needs at least one posterior (-p) and one method (-m)")
    check_sampling(args.draws, args.tune, args.chains)
    check_seeds(args.seed)
    check_count(args.repeats, "--repeats", MAX_REPEATS)
    config = RunConfig(draws=args.draws, tune=args.tune, chains=args.chains, seed=args.seed)
    try:
        config.validate()
    except ValueError as error:
        raise UsageError(str(error)) from None
    writable_folder(args.out, "--out")
    out = writable_folder(args.studies_dir, "--studies-dir")
    pairs = [(p, m) for p in posteriors for m in methods]
    try:
        frame = measure_overhead(pairs, config, Path(args.out), out / "harness_overhead_pairs.csv", args.repeats,
                                 resume=args.resume, log=lambda line: print(line, file=sys.stderr, flush=True))
    except OverheadPairFailed as error:
        print(f"twinbench overhead: {error}", file=sys.stderr)
        return 1
    paths = write_overhead(frame, out, args.method, args.posterior, args.repeats)
    print(frame.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print("written: " + ", ".join(map(str, paths)))
    return 0
