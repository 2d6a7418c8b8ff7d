"""``twinbench compare PATH[:NAME]``: which sampler for your own model (no edit inside the package, no reference)."""
from __future__ import annotations

import argparse

from harness.cli.options import (DEFAULT_TIMEOUT, MAX_SEEDS, MAX_TIMEOUT, UsageError, add_device_argument,
                                 check_count, check_positive, check_sampling, check_seeds, split_names,
                                 writable_folder)

CONVENTION = """\
The file (or module) defines, by name:
  pymc_model      a pm.Model, or a function without arguments that returns one
                  (PATH:NAME picks another attribute; without either, the file's one pm.Model is taken)
  numpyro_model   a NumPyro model function, called as numpyro_model(**data)
  data            a dict of numpyro_model's keyword arguments (the observed values among them)
Either model alone, or both (then their log densities are checked equal first, relative 1e-8, at prior points;
a mismatch stops with the first site that differs).

Methods: the NUTS-family methods of the libraries given (pymc.* for a PyMC model, numpyro.* for a NumPyro one);
-m picks others (VI too). Each run is a fresh process: time to result = process start to 1,000 bulk ESS, compile
included, under the caches the environment has (--caches cold|warm to fix them). Methods are judged against each
other (no reference): a method whose draws disagree with the others' pooled draws cannot win.

Writes OUT/compare.md (the page to forward), OUT/compare.csv (one row per run and per method), OUT/compare.png,
and the run records under OUT. Python: twinbench.compare(model, numpyro_model=None, data=None, seeds=3).

Example: twinbench compare examples/radon_partial_pooling.py --seeds 3"""


def add_parser(sub):
    """Register ``compare`` on the subcommand set ``sub``."""
    p = sub.add_parser("compare", help="which sampler for your own model: every method that applies, judged",
                       description="Run every method that applies to your PyMC and/or NumPyro model, several seeds "
                                   "each, and judge them: throughput, time to result, agreement between methods.",
                       epilog=CONVENTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", metavar="PATH[:NAME]", help="a Python file (my_model.py, my_model.py:NAME) or an "
                                                          "importable module:attribute")
    p.add_argument("-m", "--methods", "--method", dest="methods", help="comma-separated method names (default: the NUTS-family methods that apply)")
    p.add_argument("--seeds", type=int, default=3, help=f"seeds per method (default 3; at most {MAX_SEEDS:,})")
    p.add_argument("--seed", type=int, default=0, help="the first seed (default 0)")
    p.add_argument("--draws", type=int, default=1000, help="draws per chain after warm-up (default 1000)")
    p.add_argument("--tune", type=int, default=1000, help="warm-up iterations per chain (default 1000)")
    p.add_argument("--chains", type=int, default=4, help="chains (default 4)")
    p.add_argument("--target-accept", type=float, default=0.8, help="NUTS target acceptance (default 0.8)")
    add_device_argument(p)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds before a run is killed and recorded as timeout (default {DEFAULT_TIMEOUT:.0f})")
    p.add_argument("--caches", choices=("cold", "warm"), help="compilation caches (default: as the environment has "
                                                              "them; see twinbench run --help)")
    p.add_argument("--equivalence", type=float, default=1.1, metavar="FACTOR",
                   help="practical-equivalence band of the verdicts (default 1.1)")
    p.add_argument("--name", help="the model's name in records and on the page (default: the file's name)")
    p.add_argument("--out", metavar="DIR", help="folder of records and the page (default twinbench-compare/NAME)")
    p.add_argument("--page", metavar="DIR", help="folder for compare.{md,csv,png} (default: --out)")
    p.add_argument("--resume", action="store_true", help="reuse the finished runs in --out")
    return p


def cmd(args) -> int:
    """Check the model, run the methods, print the verdicts and write the page."""
    check_sampling(args.draws, args.tune, args.chains)
    check_count(args.seeds, "--seeds", MAX_SEEDS)
    check_seeds(args.seed, args.seeds)
    check_positive(args.timeout, "--timeout", MAX_TIMEOUT)
    if not args.equivalence > 1:
        raise UsageError(f"--equivalence must be a factor > 1, got {args.equivalence}")
    for flag, folder in (("--out", args.out), ("--page", args.page)):
        if folder:
            writable_folder(folder, flag)
    from harness import api
    from models.user_model import UserModelError

    try:
        result = api.compare(args.target, seeds=args.seeds, seed=args.seed, methods=split_names(args.methods) or None,
                             draws=args.draws, tune=args.tune, chains=args.chains, device=args.device,
                             timeout=args.timeout, target_accept=args.target_accept, caches=args.caches,
                             out=args.out, name=args.name, resume=args.resume, factor=args.equivalence)
    except (UserModelError, ValueError) as error:
        raise UsageError(str(error).splitlines()[0]) from None
    out = args.out or f"{api.DEFAULT_OUT}/{result.name}"
    paths = result.save(args.page or out)
    print("\n".join(result.sentences()))
    print(f"\npage: {paths[1]} (table {paths[0].name}, figure {paths[2].name}; records in {out})")
    return 0 if all(r.ok or r.status.startswith("unsupported") for r in result.records) else 1
